import { parentPort, workerData } from 'node:worker_threads';
import { type BatchOptions, rowBatches } from './batches.ts';

/** Worker thread of `workerBatches`: posts batches while it has credit, then waits for more. */
const port = parentPort;
if (!port) throw new Error('batch-worker.ts runs as a worker thread.');
const options = workerData as BatchOptions;
options.dataKey.key = Buffer.from(options.dataKey.key);
const batches = rowBatches(options);
let credit = 0;
let finished = false;
const pump = () => {
  while (credit > 0 && !finished) {
    const next = batches.next();
    if (next.done) {
      finished = true;
      port.postMessage({ done: true });
      port.close();
      return;
    }
    credit--;
    port.postMessage({ batch: next.value });
  }
};
port.on('message', (message: { credit: number }) => {
  credit += message.credit;
  pump();
});
