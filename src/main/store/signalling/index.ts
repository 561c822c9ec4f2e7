export { createSignallingLog } from './signalling-log';
export type { SignallingLogOptions, SqliteSignallingLog } from './signalling-log';
export type { SignallingLog, SignallingLogStats, LogEngineOptions } from './log-engine';
export type { ExportFormat } from './export';
export type { RetentionLimits, PruneResult } from './retention';
export { DEFAULT_LIMIT, MAX_LIMIT, MAX_CALL_MESSAGES } from './reader';
export { methodFilter } from './query';
