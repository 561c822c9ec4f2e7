// The PostgreSQL log's parsing, in a thread of its own (log-parse-worker.ts) so the SIP thread only queues. If the
// thread cannot start or stops, batches are parsed on the calling thread from then on (and onError says so).
import { Worker } from 'node:worker_threads';
import type { SignallingRecord } from '../../sip/tap';
import { workerSource } from '../worker-source';
import { CmdTypeMemo, parseBatch, type ParsedBatch } from './log-rows';

/** Output name of the bundled entry (electron.vite.config.ts builds log-parse-worker.ts under this name). */
export const PARSER_BUNDLE = 'signalling-pg-parser.js';

export interface LogParser {
  parse(records: SignallingRecord[]): Promise<ParsedBatch>;
  close(): Promise<void>;
}

export function inlineParser(): LogParser {
  const memo = new CmdTypeMemo();
  return { parse: async (records) => parseBatch(records, memo), close: async () => {} };
}

export function threadParser(onError: (text: string) => void): LogParser {
  const inline = inlineParser();
  const waiting = new Map<number, { resolve: (b: ParsedBatch) => void; reject: (e: Error) => void }>();
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
    worker = new Worker(source, { eval: evalCode });
    worker.unref();
    worker.on('message', (m: { seq?: number; error?: string } & Partial<ParsedBatch>) => {
      if (m.seq === undefined) return;
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve({ summaries: m.summaries!, texts: m.texts! });
    });
    worker.on('error', (err) => stop(`signalling log: the parsing thread failed (${err.message})`));
    worker.on('exit', (code) => stop(`signalling log: the parsing thread stopped (exit code ${code})`));
  } catch (err) {
    onError(`signalling log: no parsing thread (${(err as Error).message}); parsing on the main thread`);
  }
  return {
    parse(records) {
      if (!worker) return inline.parse(records);
      const w = worker;
      const n = ++seq;
      // Referenced while a batch is out, so the process does not end before it is stored.
      w.ref();
      const done = new Promise<ParsedBatch>((resolve, reject) => waiting.set(n, { resolve, reject }));
      w.postMessage({ seq: n, records });
      return done
        .finally(() => {
          if (waiting.size === 0 && worker === w) w.unref();
        })
        .catch(() => inline.parse(records));
    },
    async close() {
      closing = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
