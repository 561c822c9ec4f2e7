// What every engine's log does around its storage: messages/s, the live tail, flushing and retention on timers,
// and exports written through the engine's ExportSource with old export files cleaned up.
import type { LogExportResult, LogFilter, LogMessage } from '../../../shared/types/signalling';
import { exportMessages, type ExportFormat, type ExportSource } from './export';
import { pruneExports } from './export-cleanup';
import { LiveTail, realScheduler } from './live-tail';
import type { LogEngineOptions } from './log-engine';
import { RateMeter } from './rate-meter';
import type { PruneResult } from './retention';

export interface LogChores {
  now: () => number;
  onError: (text: string) => void;
  rate: RateMeter;
  /** Hands newly stored messages to the live tail (a no-op without onBatch). */
  stored(messages: LogMessage[]): void;
  export(source: ExportSource, filter: LogFilter, format: ExportFormat): Promise<LogExportResult>;
  /** Stops the timers and background retention; the live tail still takes what a last flush stores. */
  stopTimers(): void;
  /** Stops the timers and closes the live tail. */
  stop(): void;
}

/** flushSome runs on the log's flush interval; an engine without it paces its own writes. */
export function startLogChores(opts: LogEngineOptions, engine: { flushSome?: () => void; prune(): Promise<PruneResult> }): LogChores {
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? (() => {});
  const tail = opts.onBatch ? new LiveTail(opts.onBatch, opts.tail, opts.tailScheduler ?? realScheduler) : null;
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  let pruning = false;
  const pruneInBackground = (): void => {
    if (pruning || stopped) return;
    pruning = true;
    engine
      .prune()
      .catch((err) => onError(`signalling log: retention failed (${(err as Error).message}); will retry in a minute`))
      .finally(() => (pruning = false));
  };
  const stopTimers = (): void => {
    stopped = true;
    for (const t of timers) clearInterval(t);
  };
  if (opts.timers !== false) {
    const { flushSome } = engine;
    if (flushSome) timers.push(setInterval(flushSome, opts.flushIntervalMs ?? 100));
    timers.push(setInterval(pruneInBackground, opts.pruneIntervalMs ?? 60_000));
    for (const t of timers) t.unref();
    setImmediate(pruneInBackground);
    void pruneExports(opts.exportDir, opts.settings(), now()).catch(() => undefined);
  }
  return {
    now,
    onError,
    rate: new RateMeter(now),
    stored: (messages) => tail?.push(messages),
    async export(source, filter, format) {
      const result = await exportMessages(source, filter, format, opts.exportDir, now());
      await pruneExports(opts.exportDir, opts.settings(), now(), result.path).catch((err) =>
        onError(`signalling log: cleaning old exports failed (${(err as Error).message})`),
      );
      return result;
    },
    stopTimers,
    stop() {
      stopTimers();
      tail?.close();
    },
  };
}
