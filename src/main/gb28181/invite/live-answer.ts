// Reading the device's 200 OK to our live INVITE, liberal as devices are (docs/protocol.md §14): a=sendonly or no
// direction, no y=, an SSRC of its own, a c= address other than the one packets come from, a missing
// Content-Type, RTP/AVP where we offered TCP. Only what makes receiving impossible is an error.
import type { SipResponse } from '../../sip/message/types';
import { getHeader } from '../../sip/message';
import { serverText, type ServerText } from '../../../shared/texts';
import { whatText } from './texts';
import { parseSdpAnswer, platformTcpMode, type GbSdp, type MediaTransport, type SdpPayload } from '../sdp';

export interface LiveAnswer {
  /** Where the device sends from (its c=), or for tcp-active where we connect to. */
  ip: string;
  port: number;
  sdp: GbSdp;
  /** The device's y= as sent, if any. */
  ssrc: string | undefined;
  payloads: SdpPayload[];
  /** Things the installer should know, as sentences the console words. */
  notes: ServerText[];
}

/** `reason`: the English sentence; `said`: the same as a code and parameters. */
export type LiveAnswerResult = { ok: true; answer: LiveAnswer } | { ok: false; reason: string; said: ServerText };

const unusable = (said: ServerText): LiveAnswerResult => ({ ok: false, reason: said.text, said });

export interface LiveAnswerContext {
  /** Who answered, for the sentences: "camera 3402...". */
  channelId: string;
  transport: MediaTransport;
  offeredSsrc: string;
  /** The device's SIP IP: used when the answer's c= is unusable. */
  deviceIp: string;
  /** "live view" (default), "playback", "download". */
  what?: string;
}

/** True for 0.0.0.0 / :: (RFC 3264 §8.4 hold, or a device that does not know its address). */
function unusableIp(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '';
}

export function readLiveAnswer(res: SipResponse, ctx: LiveAnswerContext): LiveAnswerResult {
  const who = `camera ${ctx.channelId}`;
  const type = getHeader(res, 'Content-Type');
  const text = res.body.toString('utf8');
  const what = ctx.what ?? 'live view';
  if (!text.trim()) {
    return unusable(serverText('live.answer.noSdp', { channelId: ctx.channelId, what: whatText(what) }, `${who} accepted ${what} but sent no SDP in its answer, so where the video comes from is unknown`));
  }
  if (type && !/sdp/i.test(type)) {
    // some devices label SDP wrongly; read it anyway if it is SDP
    if (!/^\s*v=/m.test(text)) return unusable(serverText('live.answer.notSdp', { channelId: ctx.channelId, type }, `${who} answered with ${type} instead of SDP`));
  }
  const parsed = parseSdpAnswer(text);
  if (!parsed.ok) {
    const detail = parsed.reason;
    return unusable(serverText('live.answer.unreadable', { channelId: ctx.channelId, what: whatText(what), detail }, `${who} accepted ${what} but its SDP answer is unreadable: ${detail}`));
  }
  const sdp = parsed.sdp;
  const notes: ServerText[] = [];
  const channelId = ctx.channelId;
  const offeredTcp = ctx.transport !== 'udp';
  if (offeredTcp && sdp.transport === 'udp') {
    notes.push(serverText('live.answer.udpForTcp', { channelId }, `${who} answered RTP/AVP (UDP) to our TCP offer; receiving over TCP as offered`));
  } else if (!offeredTcp && sdp.transport === 'tcp') {
    notes.push(serverText('live.answer.tcpForUdp', { channelId }, `${who} answered TCP/RTP/AVP to our UDP offer; receiving over UDP as offered (set the device to TCP if no video comes)`));
  }
  if (sdp.transport === 'tcp' && offeredTcp) {
    const mode = platformTcpMode(sdp);
    if (mode && mode !== ctx.transport) {
      const ours = ctx.transport === 'tcp-passive' ? 'passive' : 'active';
      notes.push(serverText('live.answer.setupMismatch', { channelId, setup: sdp.setup ?? '', ours }, `${who} answered a=setup:${sdp.setup}, which does not fit our ${ours} offer; keeping ours`));
    }
  }
  if (sdp.ssrc === undefined) notes.push(serverText('live.answer.noSsrc', { channelId }, `${who} sent no y= SSRC in its answer; the SSRC its packets carry is used`));
  else if (sdp.ssrc !== ctx.offeredSsrc) {
    notes.push(serverText('live.answer.otherSsrc', { channelId, ssrc: sdp.ssrc, offered: ctx.offeredSsrc }, `${who} answered with SSRC ${sdp.ssrc} instead of the offered ${ctx.offeredSsrc}`));
  }
  let ip = sdp.ip;
  if (unusableIp(ip)) ip = ctx.deviceIp;
  if (ctx.transport === 'tcp-active' && (sdp.port === 0 || sdp.port === 9)) {
    return unusable(
      serverText(
        'live.answer.noPort',
        { channelId: ctx.channelId, what: whatText(what), port: sdp.port },
        `${who} accepted ${what} over TCP (we connect) but its answer gives no port to connect to (m= port ${sdp.port}); try TCP passive or UDP`,
      ),
    );
  }
  return { ok: true, answer: { ip, port: sdp.port, sdp, ssrc: sdp.ssrc, payloads: sdp.payloads, notes } };
}
