// The Playback and Download INVITEs (GB/T 28181-2016 §9.8, §9.9): like live view's, with s=Playback or
// s=Download, u=<channelID>:0, t=<start> <end> in Unix seconds, a history SSRC (y= starting with 1) and, for
// Download, a=downloadspeed. The device's answer may carry a=filesize (bytes of the whole download).
import type { SipRequest } from '../../sip/message/types';
import { formatHostPort } from '../../sip/message';
import type { SipStack } from '../../sip/stack/stack';
import { buildInviteOffer } from '../sdp';
import { liveSubject, SDP_CONTENT_TYPE, type LiveInviteSpec } from './live-invite';

export interface HistoryInviteSpec extends LiveInviteSpec {
  sessionName: 'Playback' | 'Download';
  /** Unix seconds (the instants; the device reads them in its own zone). */
  start: number;
  end: number;
  /** Download only: 1, 2, 4 or 8. */
  downloadSpeed?: number;
}

export function historyOffer(s: Omit<HistoryInviteSpec, 'domain' | 'dest'>): string {
  if (s.ssrc[0] !== '1') throw new Error(`a ${s.sessionName} SSRC starts with 1 (history); got ${s.ssrc}`);
  return buildInviteOffer({
    sessionName: s.sessionName,
    ownerId: s.serverId,
    ip: s.mediaIp,
    port: s.mediaPort,
    transport: s.transport,
    ssrc: s.ssrc,
    channelId: s.channelId,
    startTime: s.start,
    endTime: s.end,
    downloadSpeed: s.sessionName === 'Download' ? s.downloadSpeed : undefined,
  });
}

export function buildHistoryInvite(stack: Pick<SipStack, 'createRequest'>, s: HistoryInviteSpec): SipRequest {
  const target = `sip:${s.channelId}@${formatHostPort(s.dest.address, s.dest.port)}`;
  return stack.createRequest({
    method: 'INVITE',
    uri: target,
    from: `<sip:${s.serverId}@${s.domain}>`,
    to: `<${target}>`,
    body: Buffer.from(historyOffer(s)),
    contentType: SDP_CONTENT_TYPE,
    headers: [
      { name: 'Subject', value: liveSubject(s.channelId, s.ssrc, s.serverId) },
      { name: 'Allow', value: 'INVITE, ACK, INFO, CANCEL, BYE, OPTIONS, MESSAGE' },
    ],
  });
}
