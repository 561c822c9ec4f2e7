// Sentences for the live-view session list and its end reasons.
import type { MediaTransport } from '../../shared/types/devices';
import { serverText, textOf, type ServerText } from '../../shared/texts';
import { seconds, whatText } from '../gb28181/invite/texts';

export function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export interface NoVideoContext {
  channelId: string;
  transport: MediaTransport;
  /** What the offer told the camera. */
  mediaIp: string;
  mediaPort: number;
  /** tcp-active: where we connected. */
  remote?: string;
  /** tcp-passive: the camera connected. */
  connected: boolean;
  waitedMs: number;
}

export function noVideoText(c: NoVideoContext): ServerText {
  const cam = `camera ${c.channelId}`;
  const within = `within ${seconds(c.waitedMs)} s`;
  const ours = hostPort(c.mediaIp, c.mediaPort);
  const params = { channelId: c.channelId, address: ours, seconds: seconds(c.waitedMs) };
  if (c.transport === 'udp') {
    return serverText('live.noVideo.udp', params, `${cam} accepted the call but sent no video to ${ours}/udp ${within}; check that it can reach that address, or try TCP`);
  }
  if (c.transport === 'tcp-passive') {
    return c.connected
      ? serverText('live.noVideo.tcpConnected', params, `${cam} connected to ${ours}/tcp but sent no video ${within}`)
      : serverText('live.noVideo.tcpPassive', params, `${cam} accepted the call but never connected to ${ours}/tcp to send video ${within}; check that it can reach that address, or try UDP`);
  }
  const remote = c.remote ?? '?';
  return serverText('live.noVideo.tcpActive', { ...params, address: remote }, `${cam} accepted our media connection to ${remote}/tcp but sent no video ${within}`);
}

export function stalledText(channelId: string, ms: number): ServerText {
  return serverText('live.stalled', { channelId, seconds: seconds(ms) }, `camera ${channelId} stopped sending video (nothing for ${seconds(ms)} s)`);
}

export function deviceByeText(channelId: string, reason: string | undefined): ServerText {
  return reason
    ? serverText('live.deviceByeReason', { channelId, reason }, `camera ${channelId} ended live view (it sent BYE: ${reason})`)
    : serverText('live.deviceBye', { channelId }, `camera ${channelId} ended live view (it sent BYE)`);
}

/** `why` is the registry's sentence for the offline cause (worded by the console when it has a code). */
export function offlineText(deviceId: string, channelId: string, why: ServerText | string): ServerText {
  const reason = textOf(why);
  return serverText('live.deviceOffline', { deviceId, channelId, why }, `device ${deviceId} went offline (${reason}); live view of camera ${channelId} ended`);
}

export function unwatchedText(channelId: string, graceSec: number): ServerText {
  return serverText(
    'live.unwatched',
    { channelId, seconds: graceSec },
    `live view of camera ${channelId} stopped: nobody watched it for ${graceSec} s (every console tab showing it was closed)`,
  );
}

export function shuttingDownText(): ServerText {
  return serverText('live.shuttingDown', {}, 'the console is shutting down');
}

/** `detail` is the exception's sentence (errorText). */
export function liveFailedText(channelId: string, detail: ServerText): ServerText {
  return serverText('live.failed', { channelId, detail }, `live view of camera ${channelId} failed: ${detail.text}`);
}

export function noViewersText(channelId: string): ServerText {
  return serverText('live.noViewers', { channelId }, `live view of camera ${channelId} stopped: no viewer left`);
}

export function ssrcMismatchText(channelId: string, actual: number, offered: string): ServerText {
  const ssrc = String(actual).padStart(10, '0');
  return serverText('live.ssrcMismatch', { channelId, ssrc, offered }, `camera ${channelId} sends video with SSRC ${ssrc} instead of the offered ${offered}; accepted`);
}

/** `expected`: the camera's SIP address and its answer's c= when they differ. */
export function unexpectedSenderText(channelId: string, from: string, expected: string[]): ServerText {
  const addresses = expected.join(' or ');
  const address = expected.length === 2 ? serverText('live.eitherAddress', { a: expected[0], b: expected[1] }, addresses) : addresses;
  return serverText('live.unexpectedSender', { channelId, from, address }, `video for camera ${channelId} comes from ${from}, not from the camera's address ${addresses}; accepted`);
}

/** tcp-active: our media connection to the camera's answer failed (`detail`: the socket's sentence). */
export function connectFailedText(channelId: string, what: string, detail: ServerText): ServerText {
  return serverText('live.connectFailed', { channelId, what: whatText(what), detail }, `camera ${channelId} accepted ${what} but ${detail.text}; try TCP passive or UDP`);
}

/** A new call within the session (a seek by re-INVITE) asked while it is not playing. */
export function notPlayingText(channelId: string, what: string): ServerText {
  return serverText('live.notPlaying', { channelId, what: whatText(what) }, `${what} of camera ${channelId} is not playing`);
}

export function newCallCancelledText(channelId: string, what: string): ServerText {
  return serverText('live.newCallCancelled', { channelId, what: whatText(what) }, `${what} of camera ${channelId}: the new call was cancelled`);
}

/** A rule of the session's kind failed once the camera had answered; the session goes on. */
export function afterAnswerText(detail: ServerText): ServerText {
  return serverText('live.afterAnswer', { detail }, `after the answer: ${detail.text}`);
}

/** A WebSocket close reason holds at most 123 bytes. */
export function closeReason(text: string): string {
  const b = Buffer.from(text);
  if (b.length <= 123) return text;
  let s = text;
  while (Buffer.byteLength(s) > 120) s = s.slice(0, -1);
  return `${s}...`;
}
