// Messages between the SIP UDP port's reader thread (worker.ts) and the transport on the SIP thread (transport.ts).
// Datagrams travel packed: one byte array and per-datagram lengths and peers, so a batch is one structured clone.
import type { ReadPacingOptions } from '../read-pacing';

export interface ReaderThreadData {
  address: string;
  port: number;
  recvBufferBytes: number;
  /** null: every batch goes to the SIP thread as soon as it is free. */
  pacing: ReadPacingOptions | null;
  /** Datagrams held for a busy SIP thread at most; beyond that the newest are dropped and counted. */
  maxQueued: number;
  maxQueuedBytes: number;
}

/** Datagrams in arrival order: `bytes` holds them back to back, `lengths[i]` bytes each. */
export interface PackedDatagrams {
  bytes: Uint8Array;
  lengths: number[];
  addresses: string[];
  ports: number[];
}

export type FromReader =
  | { t: 'bound'; address: string; port: number; granted: number }
  | { t: 'bind-failed'; message: string; code?: string }
  /** Dropped: datagrams the reader threw away since the last batch because too many were waiting. */
  | { t: 'in'; batch: PackedDatagrams; dropped: number }
  | { t: 'send-failed'; address: string; port: number; message: string }
  | { t: 'closed' };

export type ToReader =
  /** `done`: the SIP thread has handled the last inbound batch and takes the next. */
  | { t: 'out'; batch: PackedDatagrams; done: boolean }
  | { t: 'close' };
