import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Ports this process handed out already: the kernel may offer a port again once its probe closed, and a console
 * given the same port for SIP and HTTP cannot start (its SIP TCP listener holds the HTTP port).
 */
const handedOut = new Set<number>();

/** A port free for both TCP and UDP on 127.0.0.1 right now (the SIP server needs both), never one returned before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const sock = dgram.createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
    });
    if (udpFree && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found for TCP and UDP after 50 attempts');
}
