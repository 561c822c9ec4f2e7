import { TcpTransport, type TcpListenOptions } from './tcp';
import { UdpTransport } from './udp';

export interface ListenOptions extends Omit<TcpListenOptions, 'port'> {
  /** One port for both UDP and TCP; 0 = pick a free one. */
  port?: number;
}

/** UDP and TCP on the same port (RFC 3261 §18: a UA listens on both). */
export async function listenUdpAndTcp(opts: ListenOptions = {}): Promise<{ udp: UdpTransport; tcp: TcpTransport }> {
  const attempts = opts.port ? 1 : 8;
  let lastError: Error | undefined;
  for (let i = 0; i < attempts; i++) {
    const udp = await UdpTransport.listen({ address: opts.address, port: opts.port ?? 0 });
    try {
      const tcp = await TcpTransport.listen({ ...opts, port: udp.local.port });
      return { udp, tcp };
    } catch (err) {
      lastError = err as Error;
      await udp.close();
    }
  }
  throw lastError ?? new Error('cannot open the SIP port');
}
