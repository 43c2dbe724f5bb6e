/**
 * Look-ups by key from concurrent requests, gathered into one statement when the database is already busy
 * with theirs: a key is read at once while fewer than `inFlight` of these statements are running, and
 * otherwise waits for one of them to finish, then goes with every key that waited meanwhile. A lone request
 * never waits for others; under load one round trip serves many requests (on the development machine each
 * statement cost the node process a write system call, a sixth of its time at saturation). Only for reads
 * outside a transaction: a transaction's reads must see its own writes.
 */
export function batchedLookup<R>(
  /** The rows of the keys found (keys without a row are absent), in one statement. */
  load: (keys: string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
  options: { inFlight?: number; max?: number } = {},
): (key: string) => Promise<R | undefined> {
  const { inFlight = 2, max = 256 } = options;
  type Waiter = { resolve: (row: R | undefined) => void; reject: (error: unknown) => void };
  let waiting = new Map<string, Waiter[]>();
  let running = 0;
  const run = (keys: string[], batch: Map<string, Waiter[]>) => {
    running++;
    load(keys)
      .then(
        (rows) => {
          const found = new Map(rows.map((row) => [keyOf(row), row]));
          for (const key of keys) for (const w of batch.get(key) ?? []) w.resolve(found.get(key));
        },
        (error: unknown) => {
          for (const key of keys) for (const w of batch.get(key) ?? []) w.reject(error);
        },
      )
      .finally(() => {
        running--;
        if (waiting.size > 0) flush();
      });
  };
  const flush = () => {
    const batch = waiting;
    waiting = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += max) run(keys.slice(i, i + max), batch);
  };
  return (key) =>
    new Promise<R | undefined>((resolve, reject) => {
      const same = waiting.get(key);
      if (same) same.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      if (running < inFlight) flush();
    });
}
