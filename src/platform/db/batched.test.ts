import { describe, expect, it } from 'vitest';
import { batchedLookup, batchedWrite } from './batched.ts';

type Row = { id: string; n: number };

/**
 * Statements held as a busy database would hold them: each answers only when the test releases it
 * (`answer`), which also waits for what the answers set off.
 */
function held() {
  const pending: (() => void)[] = [];
  const hold = <T>(settle: (resolve: (value: T) => void, reject: (error: Error) => void) => void) =>
    new Promise<T>((resolve, reject) => pending.push(() => settle(resolve, reject)));
  const answer = async () => {
    for (const release of pending.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { hold, answer };
}

/** A lookup over a fixed table that records the keys of each statement it would send. */
function lookup(table: Row[], options?: { inFlight?: number; max?: number }, fail?: string) {
  const statements: string[][] = [];
  const { hold, answer } = held();
  const get = batchedLookup<Row>(
    (keys) => {
      statements.push(keys);
      return hold<Row[]>((resolve, reject) =>
        fail && keys.includes(fail)
          ? reject(new Error('connection lost'))
          : resolve(table.filter((r) => keys.includes(r.id))),
      );
    },
    (r) => r.id,
    options,
  );
  return { get, statements, answer };
}

const table = [
  { id: 'a', n: 1 },
  { id: 'b', n: 2 },
  { id: 'c', n: 3 },
  { id: 'd', n: 4 },
];

describe('batchedLookup', () => {
  it('reads at once while the database is free, and gathers what is asked meanwhile into one statement', async () => {
    const { get, statements, answer } = lookup(table, { inFlight: 1 });
    const first = get('a');
    expect(statements).toEqual([['a']]);
    const rest = [get('b'), get('c'), get('b'), get('x')];
    expect(statements).toEqual([['a']]);
    await answer();
    expect(statements).toEqual([['a'], ['b', 'c', 'x']]);
    await answer();
    expect(await first).toEqual(table[0]);
    expect(await Promise.all(rest)).toEqual([table[1], table[2], table[1], undefined]);
  });

  it('runs up to inFlight statements at once before gathering', async () => {
    const { get, statements, answer } = lookup(table, { inFlight: 2 });
    const answers = Promise.all([get('a'), get('b'), get('c'), get('d')]);
    expect(statements).toEqual([['a'], ['b']]);
    await answer();
    expect(statements).toEqual([['a'], ['b'], ['c', 'd']]);
    await answer();
    expect(await answers).toEqual(table);
  });

  it('splits a gathered statement with more keys than the maximum', async () => {
    const { get, statements, answer } = lookup(table, { inFlight: 1, max: 2 });
    const answers = Promise.all([get('a'), get('b'), get('c'), get('d')]);
    await answer();
    expect(statements).toEqual([['a'], ['b', 'c'], ['d']]);
    await answer();
    expect(await answers).toEqual(table);
  });

  it('fails only the requests of the statement that failed, and goes on reading', async () => {
    const { get, answer } = lookup(table, { inFlight: 1 }, 'b');
    const answers = Promise.allSettled([get('a'), get('b'), get('c')]);
    await answer();
    await answer();
    const settled = await answers;
    expect(settled.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('connection lost'));
    const later = get('d');
    await answer();
    expect(await later).toEqual(table[3]);
  });
});

describe('batchedWrite', () => {
  /** A writer that records each statement's values and refuses any statement carrying `bad`. */
  function writer(bad?: string) {
    const statements: string[][] = [];
    const { hold, answer } = held();
    const put = batchedWrite<string>(
      (values) => {
        statements.push(values);
        return hold<void>((resolve, reject) =>
          bad && values.includes(bad) ? reject(new Error(`bad ${bad}`)) : resolve(),
        );
      },
      { inFlight: 1 },
    );
    return { put, statements, answer };
  }

  it('writes at once while free, gathers what comes meanwhile, and settles each caller after its statement', async () => {
    const { put, statements, answer } = writer();
    let firstDone = false;
    const first = put('a').then(() => {
      firstDone = true;
    });
    const rest = Promise.all([put('b'), put('c')]);
    expect(statements).toEqual([['a']]);
    expect(firstDone).toBe(false);
    await answer();
    expect(firstDone).toBe(true);
    expect(statements).toEqual([['a'], ['b', 'c']]);
    await answer();
    await Promise.all([first, rest]);
  });

  it('writes each value of a failed statement again on its own: only the bad one fails', async () => {
    const { put, statements, answer } = writer('c');
    const first = put('a');
    const gathered = Promise.allSettled([put('b'), put('c'), put('d')]);
    await answer();
    await answer();
    await answer();
    expect(statements).toEqual([['a'], ['b', 'c', 'd'], ['b'], ['c'], ['d']]);
    await first;
    expect((await gathered).map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
