import dgram from 'node:dgram';
import net from 'node:net';
import type { SipAddress, SipMessage } from '../message/types';
import { TransportBase } from './base';
import { bindError, describeAddress, type Transport, type TransportEndpoint } from './transport';

export interface UdpListenOptions {
  /** IP to bind; default 0.0.0.0. An IPv6 literal binds an IPv6 socket. */
  address?: string;
  /** 0 = any free port. */
  port?: number;
  /** Socket receive buffer to ask for (default 4 MiB); the kernel may grant less (net.core.rmem_max). */
  recvBufferBytes?: number;
}

/**
 * A burst of REGISTERs from thousands of devices overflows the usual 208 KiB default while the process is busy
 * (e.g. in a GC pause); every datagram dropped there costs a 500 ms retransmission at the device.
 */
const DEFAULT_RECV_BUFFER = 4 * 1024 * 1024;

export class UdpTransport extends TransportBase implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly local: TransportEndpoint,
  ) {
    super();
    socket.on('message', (raw, rinfo) => {
      this.deliver({
        raw,
        source: { transport: 'UDP', address: rinfo.address, port: rinfo.port },
        local: this.local,
        datagramLength: rinfo.size,
      });
    });
    socket.on('error', (err) => {
      this.emit({ type: 'error', transport: 'UDP', text: `UDP socket on ${local.address}:${local.port}: ${err.message}` });
    });
  }

  static listen(opts: UdpListenOptions = {}): Promise<UdpTransport> {
    const address = opts.address ?? '0.0.0.0';
    const socket = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        socket.close();
        reject(bindError(`cannot open UDP port ${opts.port ?? 0} on ${address}`, err));
      };
      socket.once('error', onError);
      socket.bind(opts.port ?? 0, address, () => {
        socket.off('error', onError);
        growRecvBuffer(socket, opts.recvBufferBytes ?? DEFAULT_RECV_BUFFER);
        const a = socket.address();
        resolve(new UdpTransport(socket, { address: a.address, port: a.port }));
      });
    });
  }

  send(data: SipMessage | Buffer, to: SipAddress): Promise<void> {
    const raw = this.toBytes(data);
    if (this.closed) return Promise.reject(new Error(`UDP transport closed; cannot send to ${describeAddress(to)}`));
    this.report('out', raw, this.local, to);
    return new Promise((resolve, reject) => {
      this.socket.send(raw, to.port, to.address, (err) => {
        if (err) {
          const text = `sending to ${describeAddress(to)} failed: ${err.message}`;
          this.emit({ type: 'send-failed', transport: 'UDP', peer: to, text });
          reject(new Error(text));
          return;
        }
        resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Asks for a bigger receive buffer; a refusal (limits, platforms) leaves the default, which still works. */
function growRecvBuffer(socket: dgram.Socket, bytes: number): void {
  try {
    if (socket.getRecvBufferSize() < bytes) socket.setRecvBufferSize(bytes);
  } catch {
    // keep the default size
  }
}
