// Sentences for playback and download sessions (the recordings of a camera's SD card or an NVR disk).
import { seconds } from '../../gb28181/invite/texts';
import { serverText, type ServerText } from '../../../shared/texts';
import type { SessionTexts } from '../media-session';

/** "playback" / "download" sentences for the session watchdogs and ends. */
export function historyTexts(what: 'playback' | 'download'): SessionTexts {
  return {
    deviceBye: (channelId, reason) => `camera ${channelId} ended ${what} (it sent BYE${reason ? `: ${reason}` : ''})`,
    stalled: (channelId, ms) => `camera ${channelId} stopped sending recorded video (nothing for ${seconds(ms)} s); ${what} ended`,
    offline: (deviceId, channelId, why) => `device ${deviceId} went offline (${typeof why === 'string' ? why : why.text}); ${what} of camera ${channelId} ended`,
    unwatched: (channelId, graceSec) => `${what} of camera ${channelId} stopped: nobody watched it for ${graceSec} s (every console tab showing it was closed)`,
    failed: (channelId, detail) => `${what} of camera ${channelId} failed: ${detail}`,
  };
}

export function endOfRecordingText(channelId: string, what: 'playback' | 'download'): string {
  return `camera ${channelId} reached the end of the recording (MediaStatus 121); ${what} ended`;
}

export function stoppedText(channelId: string, what: 'playback' | 'download'): string {
  return `${what} of camera ${channelId} stopped`;
}

export function controlRefusedText(channelId: string, action: string, status: number, reason: string): string {
  return `camera ${channelId} refused to ${action} the playback: ${status}${reason ? ` ${reason}` : ''}`;
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
