// Entry of the device tables' writer thread (started by threaded-device-engine.ts): its own connection to the
// console's database file commits each batch in one transaction, in the order the batches arrive, and answers once
// the transaction has committed (so the main thread's connection reads what it wrote).
import { yieldToSipThread } from '../../process/thread-priority';
import { collectMeasured } from '../../process/heap';
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from './database';
import { SqliteDeviceEngine } from './device-engine';
import type { DeviceWriterData, FromDeviceWriter, ToDeviceWriter, WriteError } from './device-writer-protocol';

const data = workerData as DeviceWriterData;

yieldToSipThread();

const port = parentPort!;
const post = (m: FromDeviceWriter): void => port.postMessage(m);
const db = connect(data.file);
const engine = new SqliteDeviceEngine(db);

const errorOf = (err: Error): WriteError => {
  const { code, deviceId } = err as { code?: unknown; deviceId?: unknown };
  const e: WriteError = { message: err.message };
  if (typeof code === 'string') e.code = code;
  if (typeof deviceId === 'string') e.deviceId = deviceId;
  return e;
};

port.on('message', (m: ToDeviceWriter) => {
  switch (m.t) {
    case 'commit':
      return post({ t: 'done', seq: m.seq, errors: engine.commitNow(m.changes).map(errorOf) });
    case 'collect':
      return post({ t: 'collected', heap: collectMeasured() });
    case 'close':
      db.close();
      return port.close();
  }
});
