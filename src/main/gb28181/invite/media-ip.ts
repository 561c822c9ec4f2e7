// Which of our addresses goes into c= of the offer: the one the device can send video to. Unless the installer
// set --media-ip, that is the local address on the device's SIP path: the address its TCP connection reached
// us on, the address our SIP socket is bound to, or the address the OS routes to the device from.
import net from 'node:net';
import { firstLanAddress, isUnspecified, localAddressToward, stripV4Mapped } from '../../sip/stack/local-address';

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
