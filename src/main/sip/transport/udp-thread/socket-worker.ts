// Entry of the SIP socket's thread (started by threaded-udp.ts). It owns the UDP socket: it reads as soon as
// datagrams arrive and hands them to the main thread in batches, so a burst waits in memory here rather than
// overflowing the kernel's receive buffer while the main thread is busy (docs/protocol.md §15), and it sends
// what the main thread gives it from the same port.
import dgram from 'node:dgram';
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PacedReading, pacingClock } from '../udp-paced-reading';
import { growRecvBuffer } from '../recv-buffer';
import { entryBytes, packDatagrams, unpackDatagrams, type Datagram } from './datagram-batch';
import type { FromSocketThread, SocketThreadData, ToSocketThread } from './protocol';

const data = workerData as SocketThreadData;
const port = parentPort!;
const post = (m: FromSocketThread, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
const queued = new Int32Array(data.queued);

const socket = dgram.createSocket({ type: net.isIPv6(data.address) ? 'udp6' : 'udp4' });

let pending: Datagram[] = [];
let pendingBytes = 0;
let dropped = 0;
let turnDatagrams = 0;
/** A trickle is read in batches: after a turn that read a few, reading stops while more gather in the kernel's buffer. */
let reading: PacedReading | null = null;

socket.on('message', (raw, rinfo) => {
  if (turnDatagrams++ === 0) {
    setImmediate(endTurn);
    reading?.startTurn();
  }
  // Counted as packed (datagram-batch.ts), so that a flood of tiny datagrams is bounded by its overhead too.
  const bytes = entryBytes(rinfo.address, raw);
  if (Atomics.load(queued, 0) + pendingBytes + bytes > data.maxQueuedBytes) dropped++;
  else {
    pending.push({ raw, address: rinfo.address, port: rinfo.port });
    pendingBytes += bytes;
  }
  reading?.afterDatagram();
});

/** What a turn read goes to the main thread as one batch. */
function endTurn(): void {
  const n = turnDatagrams;
  turnDatagrams = 0;
  handOver();
  reading?.afterTurn(n);
}

function handOver(): void {
  if (pending.length === 0 && dropped === 0) return;
  const batch = packDatagrams(pending);
  Atomics.add(queued, 0, pendingBytes);
  post({ t: 'in', batch, dropped }, [batch.buffer as ArrayBuffer]);
  pending = [];
  pendingBytes = 0;
  dropped = 0;
}

/** Send batches whose sends are not all done, oldest first: acknowledged in order. */
const sending: Array<{ upTo: number; open: number; failures: Array<{ seq: number; message: string }> }> = [];

function send(batch: Uint8Array, firstSeq: number): void {
  const entry = { upTo: firstSeq - 1, open: 1, failures: [] as Array<{ seq: number; message: string }> };
  sending.push(entry);
  unpackDatagrams(Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength), (raw, address, to) => {
    const seq = ++entry.upTo;
    entry.open++;
    try {
      socket.send(raw, to, address, (err) => sent(entry, seq, err));
    } catch (err) {
      sent(entry, seq, err as Error);
    }
  });
  sent(entry, -1, null);
}

function sent(entry: (typeof sending)[number], seq: number, err: Error | null): void {
  if (err) entry.failures.push({ seq, message: err.message });
  entry.open--;
  while (sending.length > 0 && sending[0].open === 0) {
    const done = sending.shift()!;
    post({ t: 'sent', upTo: done.upTo, failures: done.failures });
  }
  if (sending.length === 0 && closing) finishClose();
}

let closing = false;
function finishClose(): void {
  socket.close(() => port.close());
}

port.on('message', (m: ToSocketThread) => {
  switch (m.t) {
    case 'send':
      return send(m.batch, m.firstSeq);
    case 'close':
      if (closing) return;
      closing = true;
      reading?.stop();
      if (sending.length === 0) finishClose();
  }
});

socket.once('error', (err: NodeJS.ErrnoException) => {
  post({ t: 'bind-failed', message: err.message, code: err.code });
  socket.close();
  port.close();
});
socket.bind(data.port, data.address, () => {
  socket.removeAllListeners('error');
  socket.on('error', (err) => post({ t: 'error', message: err.message }));
  const granted = growRecvBuffer(socket, data.recvBufferBytes);
  reading = PacedReading.of(socket, data.pacing, pacingClock);
  const a = socket.address();
  post({ t: 'bound', address: a.address, port: a.port, granted });
});
