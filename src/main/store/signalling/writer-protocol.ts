// Messages between the signalling log and its writer thread (writer-thread.ts, write-worker.ts).
import type { LogMessage } from '../../../shared/types/signalling';
import type { HeapCollected } from '../../process/heap';
import type { PruneResult, RetentionLimits } from './retention';
import type { WriterOptions } from './writer';

export interface WriterThreadData {
  /** The database file (migrations already applied by the opening thread). */
  file: string;
  writer: Pick<WriterOptions, 'maxQueue' | 'maxPerTransaction' | 'compressLevel'>;
  /** Send stored messages back (for the live tail), until told otherwise. */
  tail: boolean;
  retryMs: number;
  /** The file batches past the SIP thread's bounds wait in (spool-file.ts); null: none. */
  spoolFile?: string | null;
}

export type ToWriter =
  /** heldMs: how long the batch's oldest message waited on the SIP thread before it was handed over. */
  | { t: 'batch'; buf: ArrayBuffer; end: number; count: number; heldMs: number }
  /** A batch appended to the spool file at byte `at`, `end` bytes long: read it back after what came before it. */
  | { t: 'spooled'; at: number; end: number; count: number }
  | { t: 'flush'; seq: number }
  | { t: 'prune'; seq: number; now: number; limits: RetentionLimits; maxBatches: number | null }
  | { t: 'close'; seq: number }
  | { t: 'collect'; seq: number }
  /** Start or stop sending stored messages back (a console shows the live log, or none does). */
  | { t: 'tail'; on: boolean };

export type FromWriter =
  /** count: messages taken, `spooled` of them from the spool file; bytes: of the batch buffers handed over directly. */
  | { t: 'stored'; count: number; bytes: number; spooled: number; stored: number; dropped: number; queued: number; messages: LogMessage[] | null }
  | { t: 'done'; seq: number; result?: PruneResult; error?: string; heap?: HeapCollected }
  | { t: 'error'; text: string }
  | { t: 'ready' };
