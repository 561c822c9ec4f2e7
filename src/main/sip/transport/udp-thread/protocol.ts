// What the main thread and the SIP socket's thread (socket-worker.ts) say to each other. A batch arrives as a
// Uint8Array (a Buffer loses its prototype in postMessage); its ArrayBuffer is moved, not copied.
import type { ReadPacingOptions } from '../read-pacing';

export interface SocketThreadData {
  address: string;
  port: number;
  recvBufferBytes: number;
  /** Hold what was read for a batch to gather (read-pacing.ts); false: hand each turn's datagrams over at once. */
  pacing: ReadPacingOptions | false;
  /** The most received bytes (as packed) handed over and not yet handled by the main thread; past it datagrams are dropped. */
  maxQueuedBytes: number;
  /** Int32Array[0]: received bytes handed over and not yet handled (the thread adds, the main thread subtracts). */
  queued: SharedArrayBuffer;
}

export type ToSocketThread =
  /** Datagrams to send (datagram-batch.ts); their sequence numbers run on from `firstSeq`. */
  | { t: 'send'; batch: Uint8Array; firstSeq: number }
  | { t: 'close' };

export type FromSocketThread =
  | { t: 'bound'; address: string; port: number; granted: number }
  | { t: 'bind-failed'; message: string; code?: string }
  /** Received datagrams (datagram-batch.ts), counted in `queued` as packed; `dropped`: how many the bound refused since the last batch. */
  | { t: 'in'; batch: Uint8Array; dropped: number }
  /** Every send up to `upTo` is done; `failures` by sequence number. */
  | { t: 'sent'; upTo: number; failures: Array<{ seq: number; message: string }> }
  | { t: 'error'; message: string };
