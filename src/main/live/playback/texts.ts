// Sentences for playback and download sessions (the recordings of a camera's SD card or an NVR disk).
import { seconds, whatText } from '../../gb28181/invite/texts';
import { serverText, textOf, type ServerText } from '../../../shared/texts';
import type { SessionTexts } from '../media-session';

type HistoryKind = 'playback' | 'download';

/** "playback" / "download" sentences for the session watchdogs and ends. */
export function historyTexts(what: HistoryKind): SessionTexts {
  const w = whatText(what);
  return {
    deviceBye: (channelId, reason) =>
      reason
        ? serverText('history.deviceByeReason', { channelId, reason, what: w }, `camera ${channelId} ended ${what} (it sent BYE: ${reason})`)
        : serverText('history.deviceBye', { channelId, what: w }, `camera ${channelId} ended ${what} (it sent BYE)`),
    stalled: (channelId, ms) =>
      serverText('history.stalled', { channelId, seconds: seconds(ms), what: w }, `camera ${channelId} stopped sending recorded video (nothing for ${seconds(ms)} s); ${what} ended`),
    offline: (deviceId, channelId, why) =>
      serverText('history.deviceOffline', { deviceId, channelId, why, what: w }, `device ${deviceId} went offline (${textOf(why)}); ${what} of camera ${channelId} ended`),
    unwatched: (channelId, graceSec) =>
      serverText('history.unwatched', { channelId, seconds: graceSec, what: w }, `${what} of camera ${channelId} stopped: nobody watched it for ${graceSec} s (every console tab showing it was closed)`),
    failed: (channelId, detail) => failedText(channelId, what, detail),
  };
}

/** `detail` is the exception's sentence (errorText). */
export function failedText(channelId: string, what: HistoryKind, detail: ServerText): ServerText {
  return serverText('history.failed', { channelId, detail, what: whatText(what) }, `${what} of camera ${channelId} failed: ${detail.text}`);
}

export function reinviteFailedText(detail: ServerText): ServerText {
  return serverText('playback.reinviteFailed', { detail }, `a new call from the seek position failed: ${detail.text}`);
}

export function endOfRecordingText(channelId: string, what: HistoryKind): ServerText {
  return serverText('history.endOfRecording', { channelId, what: whatText(what) }, `camera ${channelId} reached the end of the recording (MediaStatus 121); ${what} ended`);
}

export function stoppedText(channelId: string, what: HistoryKind): ServerText {
  return serverText('history.stopped', { channelId, what: whatText(what) }, `${what} of camera ${channelId} stopped`);
}

export type ControlVerb = 'pause' | 'resume' | 'speed';

const VERBS: Record<ControlVerb, string> = { pause: 'pause', resume: 'resume', speed: 'change the speed of' };

export function controlRefusedText(channelId: string, verb: ControlVerb, status: number, reason: string): ServerText {
  const action = serverText(`playback.verb.${verb}`, {}, VERBS[verb]);
  return serverText(
    reason ? 'playback.controlRefusedReason' : 'playback.controlRefused',
    { channelId, action, status, reason },
    `camera ${channelId} refused to ${VERBS[verb]} the playback: ${status}${reason ? ` ${reason}` : ''}`,
  );
}

export function movingText(channelId: string): ServerText {
  return serverText('playback.moving', { channelId }, `playback of camera ${channelId} is moving to a new position; try again in a moment`);
}

export function notPlayingText(channelId: string): ServerText {
  return serverText('playback.notPlaying', { channelId }, `playback of camera ${channelId} is not playing yet; try again once it does`);
}

export function noSessionText(sessionId: string): ServerText {
  return serverText('playback.noSession', { sessionId }, `no playback session ${sessionId} is open (it may have ended: see playback.ended)`);
}

/** A seek the camera would not do within its call, done by a new INVITE from the target time. */
export function reinvitedText(channelId: string, at: number, why: { refused: { status: number; reason: string } } | { ignoredSec: number }): ServerText {
  const when = new Date(at * 1000).toISOString().replace('.000Z', 'Z');
  if ('refused' in why) {
    const { status, reason } = why.refused;
    return serverText(
      'playback.reinvited.refused',
      { channelId, at, status, reason },
      `camera ${channelId} refused to seek within its playback (${status}${reason ? ` ${reason}` : ''}); playback continues from ${when} by a new call`,
    );
  }
  return serverText(
    'playback.reinvited.ignored',
    { channelId, at, seconds: why.ignoredSec },
    `camera ${channelId} ignored the seek (Range: npt=): its picture did not move within ${why.ignoredSec} s; playback continues from ${when} by a new call`,
  );
}
