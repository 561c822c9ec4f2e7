// What the installer reads when live view cannot start, one sentence each.
import type { SipAddress } from '../../sip/message/types';
import { serverText, textOf, type ServerText } from '../../../shared/texts';
import { describeAddress } from '../../sip/transport/transport';

const HINTS: Record<number, string> = {
  400: 'it found our INVITE malformed',
  403: 'it does not allow this server to view it',
  404: 'it does not know this channel ID',
  415: 'it does not accept SDP bodies',
  480: 'the channel is offline or not ready',
  486: 'it is serving as many viewers as it can',
  488: 'it does not accept the offered media (try another transport)',
  500: 'it failed internally',
  503: 'it is overloaded or starting up',
};

/** What is being started, as a sentence of its own ("live view", "playback", "download"). */
export function whatText(what = 'live view'): ServerText {
  const key = what === 'playback' || what === 'download' ? what : 'live';
  return serverText(`invite.what.${key}`, {}, what);
}

/** "camera 3402... refused live view: 486 Busy Here (it is serving as many viewers as it can)" */
export function refusedText(channelId: string, status: number, reason: string, what = 'live view'): ServerText {
  const hint = HINTS[status];
  const code = `${status}${reason ? ` ${reason}` : ''}`;
  const text = `camera ${channelId} refused ${what}: ${code}${hint ? ` (${hint})` : ''}`;
  const params = { channelId, status, reason, what: whatText(what) };
  return hint ? serverText('invite.refusedHint', { ...params, hint: serverText(`invite.hint.${status}`, {}, hint) }, text) : serverText('invite.refused', params, text);
}

export function noAnswerText(channelId: string, dest: SipAddress, ms: number, what = 'live view'): ServerText {
  const address = describeAddress(dest);
  return serverText(
    'invite.noAnswer',
    { channelId, seconds: seconds(ms), address, what: whatText(what) },
    `camera ${channelId} did not answer the ${what} request within ${seconds(ms)} s (sent to ${address}); check that the device is online and reachable`,
  );
}

/** `detail` is the exception's sentence (errorText) or a plain detail. */
export function sendFailedText(channelId: string, dest: SipAddress, detail: ServerText | string, what = 'live view'): ServerText {
  const address = describeAddress(dest);
  const why = textOf(detail);
  return serverText('invite.sendFailed', { channelId, address, detail, what: whatText(what) }, `could not send the ${what} request to camera ${channelId} at ${address}: ${why}`);
}

export function stoppedBeforeAnswerText(channelId: string): ServerText {
  return serverText('invite.stoppedBeforeAnswer', { channelId }, `live view of camera ${channelId} was stopped before the camera answered`);
}

/** 5000 -> "5", 2500 -> "2.5". */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
