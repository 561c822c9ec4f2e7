// The path from the instance holding a live call to a viewer instance's media port, in the three live-view
// transports. The viewer's session receives as it would from a camera, so the holder takes the camera's part
// (docs/protocol.md §9, §11): UDP to the offered port; for a TCP-passive session (the viewer listens) the holder
// connects to the offered port; for a TCP-active session (the viewer connects to the port in the answer) the
// holder listens and answers with its port. TCP carries RFC 4571 framing: a 2-byte length before each packet.
import dgram from 'node:dgram';
import net from 'node:net';
import { frameRfc4571All } from '../media/rtp-packetize';

export interface MediaLink {
  /** The local port: sent from (UDP), connected from (TCP we connect) or listened on (TCP we listen). */
  readonly port: number;
  /** Resolves once packets can flow (TCP we listen: the viewer connected); rejects if it never does. */
  readonly ready: Promise<void>;
  /** Bytes handed over and not yet sent. */
  readonly bufferedAmount: number;
  send(packets: readonly Buffer[]): void;
  /** Once, when the far end or the network ended the link (not after close()). */
  onLost(fn: (reason: string) => void): void;
  close(): void;
}

export interface Destination {
  ip: string;
  port: number;
}

/** A UDP socket bound on `bindIp` and connected to `dest`, so each packet goes without its address. */
export async function openUdpLink(bindIp: string, dest: Destination): Promise<MediaLink> {
  const socket = dgram.createSocket(net.isIPv6(dest.ip) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, bindIp || undefined, () => socket.connect(dest.port, dest.ip, () => {
        socket.off('error', reject);
        resolve();
      }));
    });
  } catch (err) {
    socket.close();
    throw err;
  }
  // ICMP port unreachable on a connected socket: the viewer's session is gone, its instance says so itself.
  socket.on('error', () => undefined);
  let closed = false;
  return {
    port: socket.address().port,
    ready: Promise.resolve(),
    get bufferedAmount() {
      return closed ? 0 : socket.getSendQueueSize();
    },
    send(packets) {
      if (closed) return;
      for (const p of packets) socket.send(p);
    },
    onLost: () => undefined,
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}

/** Connects from `bindIp` to the viewer's listening media port. */
export function connectTcpLink(bindIp: string, dest: Destination, timeoutMs: number): Promise<MediaLink> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: dest.ip, port: dest.port, localAddress: bindIp || undefined, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`cannot connect to media port ${dest.ip}:${dest.port}/tcp: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to media port ${dest.ip}:${dest.port}/tcp: ${err.message}`));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(tcpLink(socket, socket.localPort ?? 0));
    });
  });
}

/** Listens on `bindIp` (any port) for the viewer's one connection, for at most `timeoutMs`. */
export async function listenTcpLink(bindIp: string, timeoutMs: number): Promise<MediaLink> {
  const server = net.createServer({ noDelay: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: bindIp || undefined, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.address() as net.AddressInfo).port;
  let link: MediaLink | undefined;
  let stopped = false;
  const lost: Array<(reason: string) => void> = [];
  const accepted = new Promise<net.Socket>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.close();
      reject(new Error(`the viewer's instance did not connect to media port ${port}/tcp within ${timeoutMs} ms`));
    }, timeoutMs);
    server.once('connection', (socket) => {
      clearTimeout(timer);
      server.close();
      if (!stopped) return resolve(socket);
      socket.destroy();
      reject(new Error('the media link was closed before the viewer\'s instance connected'));
    });
    server.once('close', () => {
      clearTimeout(timer);
      reject(new Error('the media link was closed before the viewer\'s instance connected'));
    });
  });
  accepted.catch(() => undefined);
  const ready = accepted.then((socket) => {
    link = tcpLink(socket, port);
    for (const fn of lost) link.onLost(fn);
  });
  return {
    port,
    ready,
    get bufferedAmount() {
      return link?.bufferedAmount ?? 0;
    },
    send(packets) {
      link?.send(packets);
    },
    onLost(fn) {
      if (link) link.onLost(fn);
      else lost.push(fn);
    },
    close() {
      stopped = true;
      if (link) link.close();
      else server.close();
    },
  };
}

function tcpLink(socket: net.Socket, port: number): MediaLink {
  let closed = false;
  let lostFn: ((reason: string) => void) | undefined;
  socket.on('error', () => undefined);
  // The viewer sends nothing (RTCP at most): read and dropped, never buffered.
  socket.on('data', () => undefined);
  socket.once('close', (hadError) => {
    if (closed) return;
    closed = true;
    lostFn?.(hadError ? 'the media connection failed' : 'the viewer\'s instance closed the media connection');
  });
  return {
    port,
    ready: Promise.resolve(),
    get bufferedAmount() {
      return closed ? 0 : socket.writableLength;
    },
    send(packets) {
      if (closed || packets.length === 0) return;
      socket.write(frameRfc4571All(packets));
    },
    onLost(fn) {
      lostFn = fn;
    },
    close() {
      if (closed) return;
      closed = true;
      socket.destroy();
    },
  };
}
