// The live-view INVITE (GB/T 28181-2016 §9.2.2): Request-URI and To name the channel at the device's address,
// Subject "<channelID>:<ssrc>,<serverID>:0", SDP offer s=Play with our media address, port and y= SSRC.
import type { SipAddress, SipRequest } from '../../sip/message/types';
import { formatHostPort } from '../../sip/message';
import type { SipStack } from '../../sip/stack/stack';
import { buildInviteOffer, type MediaTransport } from '../sdp';

export const SDP_CONTENT_TYPE = 'application/sdp';

export interface LiveOfferSpec {
  serverId: string;
  mediaIp: string;
  mediaPort: number;
  transport: MediaTransport;
  ssrc: string;
  channelId: string;
}

export function liveOffer(o: LiveOfferSpec): string {
  return buildInviteOffer({
    sessionName: 'Play',
    ownerId: o.serverId,
    ip: o.mediaIp,
    port: o.mediaPort,
    transport: o.transport,
    ssrc: o.ssrc,
    channelId: o.channelId,
  });
}

/** GB/T 28181 Subject: media sender ID and SSRC, then the receiver ID and its sequence (0 = live). */
export function liveSubject(channelId: string, ssrc: string, serverId: string): string {
  return `${channelId}:${ssrc},${serverId}:0`;
}

export interface LiveInviteSpec extends LiveOfferSpec {
  domain: string;
  /** The device's SIP address (where its packets come from). */
  dest: SipAddress;
}

export function buildLiveInvite(stack: Pick<SipStack, 'createRequest'>, s: LiveInviteSpec): SipRequest {
  const target = `sip:${s.channelId}@${formatHostPort(s.dest.address, s.dest.port)}`;
  return stack.createRequest({
    method: 'INVITE',
    uri: target,
    from: `<sip:${s.serverId}@${s.domain}>`,
    to: `<${target}>`,
    body: Buffer.from(liveOffer(s)),
    contentType: SDP_CONTENT_TYPE,
    headers: [
      { name: 'Subject', value: liveSubject(s.channelId, s.ssrc, s.serverId) },
      { name: 'Allow', value: 'INVITE, ACK, INFO, CANCEL, BYE, OPTIONS, MESSAGE' },
    ],
  });
}
