import { Worker } from 'node:worker_threads';
import { type DataKey, sealWith } from '../../../platform/crypto.ts';
import type { Place } from '../jurisdiction.ts';
import {
  addHouseholdRow,
  addPerson,
  batchBuilder,
  endHousehold,
  finishBatch,
  type PersonRows,
  type RowBatch,
  type Seal,
} from '../population/rows.ts';
import type { Address } from '../types.ts';

/** What a batch writes of one household: its row when it is new, and its people not yet registered. */
export interface HouseholdRows {
  number: string;
  created?: { id: string; head: string; address: Address; place: Place };
  people: PersonRows[];
}

/** The events' legal basis and actor, and `recorded_at` / `updated_at` of every row (ISO). */
export interface RowsContext {
  now: string;
  legalBasis: string;
  actor: string;
}

/** The batch's COPY lines: the same rows as the synthetic population's (`population/rows.ts`). */
export function buildRows(households: HouseholdRows[], seal: Seal, context: RowsContext): RowBatch {
  const builder = batchBuilder();
  for (const household of households) {
    const { created, number, people } = household;
    if (created) addHouseholdRow(builder, { ...created, number }, context.now);
    for (const person of people) addPerson(builder, person, { seal, ...context });
    endHousehold(
      builder,
      number,
      people.map((p) => p.personalId),
    );
  }
  return finishBatch(builder);
}

export interface RowBuilder {
  /** In a worker thread once `offload` is asked for (a file of several batches), in this one before. */
  build(households: HouseholdRows[], context: RowsContext, offload: boolean): Promise<RowBatch>;
  close(): Promise<void>;
}

/**
 * Builds an import's rows, sealing with the import's data key. A large file's rows are built by a worker
 * thread, so that sealing and formatting (most of a row's cost) run on the other core while this thread
 * reads and checks the next batch; a small file's in this thread, without starting one.
 */
export function rowBuilder(dataKey: DataKey): RowBuilder {
  const seal = sealWith(dataKey);
  let worker: Worker | undefined;
  let failure: Error | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (batch: RowBatch) => void; reject: (error: Error) => void }>();
  const fail = (error: Error) => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = () => {
    const started = new Worker(new URL('./row-worker.ts', import.meta.url), { workerData: dataKey });
    started.on('message', (message: { id: number; batch?: RowBatch; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.batch) waiting?.resolve(message.batch);
      else waiting?.reject(new Error(message.error));
    });
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`The import's row builder stopped (exit code ${code}).`)));
    return started;
  };
  return {
    async build(households, context, offload) {
      if (!worker && !offload) return buildRows(households, seal, context);
      if (failure) throw failure;
      worker ??= start();
      const id = next++;
      const built = new Promise<RowBatch>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, households, context });
      return built;
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      if (stopping) {
        stopping.removeAllListeners('exit');
        await stopping.terminate();
      }
    },
  };
}
