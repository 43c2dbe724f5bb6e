import { parentPort, workerData } from 'node:worker_threads';
import { type DataKey, sealWith } from '../../../platform/crypto.ts';
import { buildRows, type HouseholdRows, type RowsContext } from './rows.ts';

/** Worker thread of `rowBuilder`: builds each batch it is sent and posts its rows back. */
const port = parentPort;
if (!port) throw new Error('row-worker.ts runs as a worker thread.');
const dataKey = workerData as DataKey;
const seal = sealWith({ ...dataKey, key: Buffer.from(dataKey.key) });
port.on('message', (message: { id: number; households: HouseholdRows[]; context: RowsContext }) => {
  try {
    port.postMessage({ id: message.id, batch: buildRows(message.households, seal, message.context) });
  } catch (error) {
    port.postMessage({ id: message.id, error: (error as Error).message });
  }
});
