// Entry of the PostgreSQL log's parsing thread (log-parser.ts): summaries and decoded texts of each batch, so the
// SIP thread only queues. Batches come one at a time, in order (the CmdType memo follows them).
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CmdTypeMemo, parseBatch, type RecordIn } from './log-rows';

// Signalling first: on Linux the nice value is per thread, so only this one is lowered.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    // not permitted: normal priority
  }
}
const memo = new CmdTypeMemo();
const port = parentPort!;
port.on('message', (m: { seq: number; records: RecordIn[] }) => {
  try {
    port.postMessage({ seq: m.seq, ...parseBatch(m.records, memo) });
  } catch (err) {
    port.postMessage({ seq: m.seq, error: (err as Error).message });
  }
});
port.postMessage({ ready: true });
