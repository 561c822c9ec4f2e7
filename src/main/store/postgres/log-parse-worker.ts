// Entry of the PostgreSQL log's parsing thread (log-parser.ts): each packed batch comes back as the INSERT's
// encoded columns and the messages' summaries, so the SIP thread only queues. Batches come one at a time, in order
// (the CmdType memo follows them).
import { parentPort } from 'node:worker_threads';
import { yieldToSipThread } from '../../process/thread-priority';
import { CmdTypeMemo, encodeBatch } from './log-rows';

yieldToSipThread();
const memo = new CmdTypeMemo();
const port = parentPort!;
port.on('message', (m: { seq: number; buf: Uint8Array }) => {
  try {
    port.postMessage({ seq: m.seq, ...encodeBatch(Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength), m.buf.byteLength, memo) });
  } catch (err) {
    port.postMessage({ seq: m.seq, error: (err as Error).message });
  }
});
