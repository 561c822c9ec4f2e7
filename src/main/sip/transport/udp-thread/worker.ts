// The SIP UDP port's reader thread: owns the socket, reads every datagram as it arrives, hands them to the SIP
// thread in batches (inbound-batcher.ts) and sends what the SIP thread gives it. Loaded by transport.ts.
import dgram from 'node:dgram';
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { growRecvBuffer } from '../recv-buffer';
import { InboundBatcher } from './inbound-batcher';
import type { FromReader, PackedDatagrams, ReaderThreadData, ToReader } from './protocol';

const port = parentPort!;
const data = workerData as ReaderThreadData;
const post = (m: FromReader) => port.postMessage(m);

const socket = dgram.createSocket({ type: net.isIPv6(data.address) ? 'udp6' : 'udp4' });
const batcher = new InboundBatcher(
  {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    defer: (fn) => setImmediate(fn),
  },
  data,
  (batch, dropped) => post({ t: 'in', batch, dropped }),
);
let sending = 0;
let closing = false;

socket.on('message', (raw, rinfo) => batcher.add(raw, rinfo.address, rinfo.port));
socket.once('error', (err: NodeJS.ErrnoException) => {
  post({ t: 'bind-failed', message: err.message, code: err.code });
  socket.close();
  port.close();
});
socket.bind(data.port, data.address, () => {
  socket.removeAllListeners('error');
  socket.on('error', () => {});
  const granted = growRecvBuffer(socket, data.recvBufferBytes);
  const a = socket.address();
  post({ t: 'bound', address: a.address, port: a.port, granted });
});

port.on('message', (m: ToReader) => {
  if (m.t === 'out') {
    send(m.batch);
    if (m.done) batcher.done();
  } else if (m.t === 'close') {
    closing = true;
    batcher.stop();
    if (sending === 0) finish();
  }
});

function send(b: PackedDatagrams): void {
  const bytes = Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  let at = 0;
  for (let i = 0; i < b.lengths.length; i++) {
    const len = b.lengths[i];
    const address = b.addresses[i];
    const peerPort = b.ports[i];
    sending++;
    try {
      socket.send(bytes, at, len, peerPort, address, (err) => sent(err, address, peerPort));
    } catch (err) {
      sent(err as Error, address, peerPort);
    }
    at += len;
  }
}

function sent(err: Error | null, address: string, peerPort: number): void {
  sending--;
  if (err) post({ t: 'send-failed', address, port: peerPort, message: err.message });
  if (closing && sending === 0) finish();
}

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  socket.close(() => {
    post({ t: 'closed' });
    port.close();
  });
}
