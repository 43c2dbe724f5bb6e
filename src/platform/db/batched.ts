/**
 * Statements from concurrent requests, gathered when the database is already busy with theirs: an item
 * goes at once while fewer than `inFlight` of these statements are running, and otherwise waits for one of
 * them to finish, then goes with every item that waited meanwhile (at most `max` to a statement). A lone
 * request never waits for others; under load one round trip serves many requests (on the development
 * machine each statement cost the node process a write system call, a sixth of its time at saturation).
 */
function gathering<I>(send: (items: I[]) => Promise<void>, options: { inFlight?: number; max?: number }) {
  const { inFlight = 2, max = 256 } = options;
  let waiting: I[] = [];
  let running = 0;
  const run = (items: I[]) => {
    running++;
    // `send` settles its own items, so nothing is left to catch here.
    void send(items).finally(() => {
      running--;
      if (waiting.length > 0) flush();
    });
  };
  const flush = () => {
    const batch = waiting;
    waiting = [];
    for (let i = 0; i < batch.length; i += max) run(batch.slice(i, i + max));
  };
  return (item: I) => {
    waiting.push(item);
    if (running < inFlight) flush();
  };
}

interface Settled<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Look-ups by key, gathered as above into one statement. Only for reads outside a transaction: a
 * transaction's reads must see its own writes.
 */
export function batchedLookup<R>(
  /** The rows of the keys found (keys without a row are absent), in one statement. */
  load: (keys: string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
  options: { inFlight?: number; max?: number } = {},
): (key: string) => Promise<R | undefined> {
  const gather = gathering<Settled<R | undefined> & { key: string }>(async (items) => {
    const keys = [...new Set(items.map((item) => item.key))];
    try {
      const found = new Map((await load(keys)).map((row) => [keyOf(row), row]));
      for (const item of items) item.resolve(found.get(item.key));
    } catch (error) {
      for (const item of items) item.reject(error);
    }
  }, options);
  return (key) => new Promise((resolve, reject) => gather({ key, resolve, reject }));
}

/**
 * Writes gathered as above into one statement: each caller's promise settles once the statement that
 * carried its value has run. When a statement of several values fails, each is written again on its own,
 * so one bad value fails only its caller. Only for writes outside a transaction.
 */
export function batchedWrite<T>(
  write: (values: T[]) => Promise<void>,
  options: { inFlight?: number; max?: number } = {},
): (value: T) => Promise<void> {
  const gather = gathering<Settled<void> & { value: T }>(async (items) => {
    try {
      await write(items.map((item) => item.value));
      for (const item of items) item.resolve();
    } catch (error) {
      if (items.length === 1) items[0]?.reject(error);
      else await Promise.all(items.map((item) => write([item.value]).then(item.resolve, item.reject)));
    }
  }, options);
  return (value) => new Promise((resolve, reject) => gather({ value, resolve, reject }));
}

/**
 * Calls gathered as above into one statement that answers each of them: `run` gives one result per item,
 * in the items' order. For a statement whose answer differs per caller (which of them claimed a key).
 */
export function batchedCall<I, R>(
  run: (items: I[]) => Promise<R[]>,
  options: { inFlight?: number; max?: number } = {},
): (item: I) => Promise<R> {
  const gather = gathering<Settled<R> & { item: I }>(async (calls) => {
    try {
      const results = await run(calls.map((call) => call.item));
      for (const [i, call] of calls.entries()) call.resolve(results[i] as R);
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }, options);
  return (item) => new Promise((resolve, reject) => gather({ item, resolve, reject }));
}
