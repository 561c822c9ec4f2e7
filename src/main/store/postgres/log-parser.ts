// The PostgreSQL log's parsing, in a thread of its own (log-parse-worker.ts) so the SIP thread only queues. If the
// thread cannot start or stops, batches are parsed on the calling thread from then on (and onError says so).
import { Worker } from 'node:worker_threads';
import { handOffThreadLimits } from '../../process/thread-limits';
import { workerSource } from '../../process/worker-source';
import { CmdTypeMemo, encodeBatch, type EncodedBatch } from './log-rows';

/** Output name of the bundled entry (electron.vite.config.ts builds log-parse-worker.ts under this name). */
export const PARSER_BUNDLE = 'signalling-pg-parser.js';

export interface LogParser {
  /** A packed batch (signalling/record-batch.ts), copied to the thread; `buf` stays the caller's. */
  encode(buf: Buffer): Promise<EncodedBatch>;
  close(): Promise<void>;
}

export function inlineParser(): LogParser {
  const memo = new CmdTypeMemo();
  return { encode: async (buf) => encodeBatch(buf, buf.length, memo), close: async () => {} };
}

export function threadParser(onError: (text: string) => void): LogParser {
  const inline = inlineParser();
  const waiting = new Map<number, { resolve: (b: EncodedBatch) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let worker: Worker | null = null;
  let closing = false;
  const stop = (text: string) => {
    if (!worker) return;
    const w = worker;
    worker = null;
    void w.terminate();
    for (const p of waiting.values()) p.reject(new Error(text));
    waiting.clear();
    if (!closing) onError(`${text}; parsing on the main thread from now on`);
  };
  try {
    const { source, evalCode } = workerSource(import.meta.url, 'log-parse-worker.ts', PARSER_BUNDLE);
    worker = new Worker(source, { eval: evalCode, resourceLimits: handOffThreadLimits });
    worker.unref();
    worker.on('message', (m: { seq: number; error?: string } & EncodedBatch) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve({ columns: m.columns, summaries: m.summaries });
    });
    worker.on('error', (err) => stop(`signalling log: the parsing thread failed (${err.message})`));
    worker.on('exit', (code) => stop(`signalling log: the parsing thread stopped (exit code ${code})`));
  } catch (err) {
    onError(`signalling log: no parsing thread (${(err as Error).message}); parsing on the main thread`);
  }
  return {
    encode(buf) {
      if (!worker) return inline.encode(buf);
      const w = worker;
      const n = ++seq;
      // Referenced while a batch is out, so the process does not end before it is stored.
      w.ref();
      const done = new Promise<EncodedBatch>((resolve, reject) => waiting.set(n, { resolve, reject }));
      w.postMessage({ seq: n, buf });
      return done
        .finally(() => {
          if (waiting.size === 0 && worker === w) w.unref();
        })
        .catch(() => inline.encode(buf));
    },
    async close() {
      closing = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
