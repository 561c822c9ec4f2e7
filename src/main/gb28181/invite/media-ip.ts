// Which of our addresses goes into c= of the offer: the one the device can send video to. Unless the installer
// set --media-ip, that is the local address on the device's SIP path: the address its TCP connection reached
// us on, the address our SIP socket is bound to, or the address the OS routes to the device from.
import dgram from 'node:dgram';
import net from 'node:net';
import { firstLanAddress, isUnspecified } from '../../sip/stack/local-address';

export type MediaIpSource = 'configured' | 'sip-local' | 'route' | 'fallback';

export interface MediaIpChoice {
  ip: string;
  how: MediaIpSource;
}

export interface MediaIpInput {
  /** settings.mediaIp ("" = choose per device). */
  configured: string;
  /** The device's IP (where its SIP packets come from). */
  deviceIp: string;
  /** Our local address on the device's SIP flow or socket, when known. */
  sipLocal?: string;
}

export async function chooseMediaIp(input: MediaIpInput): Promise<MediaIpChoice> {
  if (input.configured) return { ip: input.configured, how: 'configured' };
  if (input.sipLocal && !isUnspecified(input.sipLocal) && net.isIP(input.sipLocal)) return { ip: stripV4Mapped(input.sipLocal), how: 'sip-local' };
  const routed = await localAddressToward(input.deviceIp);
  if (routed) return { ip: routed, how: 'route' };
  return { ip: firstLanAddress(), how: 'fallback' };
}

/** The source address the OS would use toward `ip` (a connected UDP socket sends nothing). */
export function localAddressToward(ip: string): Promise<string | undefined> {
  const family = net.isIP(ip);
  if (!family) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const done = (v: string | undefined) => {
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(v);
    };
    socket.once('error', () => done(undefined));
    try {
      socket.connect(9, ip, () => {
        try {
          const a = socket.address().address;
          done(isUnspecified(a) ? undefined : stripV4Mapped(a));
        } catch {
          done(undefined);
        }
      });
    } catch {
      done(undefined);
    }
  });
}

function stripV4Mapped(a: string): string {
  return a.startsWith('::ffff:') && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}
