export { createSignallingLog } from './signalling-log';
export type { SignallingLog, SignallingLogOptions, SignallingLogStats } from './signalling-log';
export type { ExportFormat } from './export';
export type { RetentionLimits, PruneResult } from './retention';
export { DEFAULT_LIMIT, MAX_LIMIT, MAX_CALL_MESSAGES } from './reader';
export { methodFilter } from './query';
