import { afterEach, describe, expect, inject, it } from 'vitest';
import { connect, type Database, sql } from './index.ts';

/**
 * Statements run as named prepared statements, once per text and connection: PostgreSQL's own list of
 * the session's prepared statements shows which.
 */
const opened: Database[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

/** One connection, so that every statement and `pg_prepared_statements` see the same session. */
function single(prepare?: boolean) {
  const database = connect(inject('adminUrl'), { max: 1, ...(prepare === undefined ? {} : { prepare }) });
  opened.push(database);
  return database;
}

const prepared = async ({ db }: Database) =>
  (
    await sql<{
      statement: string;
    }>`select statement from pg_prepared_statements order by prepare_time`.execute(db)
  ).rows.map((r) => r.statement);

describe('prepared statements', () => {
  it('prepares a parameterised statement at its second use and reuses it, each call with its values', async () => {
    const database = single();
    const read = (n: number) => sql<{ n: number }>`select ${n}::int + 1 as n`.execute(database.db);
    expect((await read(1)).rows[0]?.n).toBe(2);
    expect(await prepared(database)).toEqual([]); // a one-off text takes no prepared statement
    expect((await read(41)).rows[0]?.n).toBe(42);
    expect((await read(99)).rows[0]?.n).toBe(100);
    expect(await prepared(database)).toEqual(['select $1::int + 1 as n']);
  });

  it('leaves statements without parameters and large bulk statements unprepared', async () => {
    const database = single();
    await sql`select 1`.execute(database.db);
    const many = Array.from({ length: 100 }, (_, i) => i);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from unnest(array[${sql.join(
      many,
    )}]::int[]) as x`.execute(database.db);
    expect(rows[0]?.n).toBe(100);
    expect(await prepared(database)).toEqual([]);
  });

  it('prepares nothing when turned off (a pooler that cannot keep them)', async () => {
    const database = single(false);
    for (const n of [1, 2, 3]) await sql`select ${n}::int as n`.execute(database.db);
    expect(await prepared(database)).toEqual([]);
  });

  it('keeps working after a failed statement and in a rolled-back transaction', async () => {
    const database = single();
    const cast = (text: string) => sql<{ n: number }>`select ${text}::int as n`.execute(database.db);
    expect((await cast('1')).rows[0]?.n).toBe(1);
    await expect(cast('x')).rejects.toThrow(); // prepared at this second use, then failing to execute
    expect((await cast('2')).rows[0]?.n).toBe(2);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await sql`select ${1}::int as n`.execute(tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await sql<{ n: number }>`select ${7}::int as n`.execute(database.db)).rows[0]?.n).toBe(7);
    expect((await sql<{ n: number }>`select ${'8'}::int as n`.execute(database.db)).rows[0]?.n).toBe(8);
  });
});
