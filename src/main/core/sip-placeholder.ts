import dgram from 'node:dgram';
import net from 'node:net';
import type { ListenAddress } from '../../shared/contract';
import { describeBindError, StartupError } from './port-errors';

export interface SipService {
  listen: ListenAddress[];
  close(): Promise<void>;
}

/** Binds the SIP UDP and TCP sockets so start-up fails early and clearly when the port is taken. */
export async function bindSipSockets(ip: string, port: number): Promise<SipService> {
  const udp = dgram.createSocket({ type: 'udp4' });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', (err) => reject(new StartupError(describeBindError('--sip-port', 'SIP UDP', ip, port, err))));
    udp.bind(port, ip, () => resolve());
  });
  udp.on('error', () => undefined);
  const tcp = net.createServer((socket) => socket.destroy());
  const actualPort = udp.address().port;
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (err) => {
      udp.close();
      reject(new StartupError(describeBindError('--sip-port', 'SIP TCP', ip, actualPort, err)));
    });
    tcp.listen(actualPort, ip, () => resolve());
  });
  return {
    listen: [
      { transport: 'udp', ip, port: actualPort },
      { transport: 'tcp', ip, port: actualPort },
    ],
    close: () =>
      new Promise<void>((resolve) => {
        udp.close();
        tcp.close(() => resolve());
      }),
  };
}
