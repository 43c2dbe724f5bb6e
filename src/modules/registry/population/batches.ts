import { Worker } from 'node:worker_threads';
import { type DataKey, sealWith } from '../../../platform/crypto.ts';
import type { Place } from '../jurisdiction.ts';
import { generateHouseholds } from './generate.ts';
import { addHousehold, batchBuilder, finishBatch, type RowBatch } from './rows.ts';

/** What generating a population's rows needs: all plain data, so a worker thread can do it. */
export interface BatchOptions {
  count: number;
  seed: number;
  province: string;
  /** The 2025 place of every commune of the province, by commune code. */
  places: Record<string, Place>;
  /** Seals the run's sensitive values (one data key for the run: `sealWith`). */
  dataKey: DataKey;
  /** `updated_at` / `recorded_at` of every row (ISO). */
  now: string;
  /** People per batch: a batch ends with the household that reaches it. */
  batchPeople: number;
}

/** The population's rows, whole households in batches of about `batchPeople` people, in generation order. */
export function* rowBatches(options: BatchOptions): Generator<RowBatch> {
  const seal = sealWith(options.dataKey);
  let builder = batchBuilder();
  for (const household of generateHouseholds(options)) {
    const place = options.places[household.address.commune];
    if (!place) throw new Error(`No place for commune ${household.address.commune}.`);
    addHousehold(builder, household, { seal, place, now: options.now });
    if (builder.batch.personalIds.length >= options.batchPeople) {
      yield finishBatch(builder);
      builder = batchBuilder();
    }
  }
  if (builder.batch.householdNumbers.length > 0) yield finishBatch(builder);
}

/** Batches generated ahead, at most this many waiting, while the caller writes the previous ones. */
const AHEAD = 2;

/**
 * The same batches made by a worker thread: generating and sealing (one CPU core) runs while this thread
 * streams the previous batch into PostgreSQL (whose backend works on the other core).
 */
export async function* workerBatches(options: BatchOptions): AsyncGenerator<RowBatch> {
  const worker = new Worker(new URL('./batch-worker.ts', import.meta.url), { workerData: options });
  const ready: RowBatch[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: { batch?: RowBatch; done?: true }) => {
    if (message.batch) ready.push(message.batch);
    if (message.done) done = true;
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    if (!done && failure === undefined)
      failure = new Error(`The generator thread stopped (exit code ${code}).`);
    notify();
  });
  try {
    worker.postMessage({ credit: AHEAD });
    for (;;) {
      const batch = ready.shift();
      if (batch) {
        worker.postMessage({ credit: 1 });
        yield batch;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    await worker.terminate();
  }
}
