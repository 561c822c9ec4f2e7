// Sentences for playback and download sessions (the recordings of a camera's SD card or an NVR disk).
import { seconds } from '../../gb28181/invite/texts';
import type { SessionTexts } from '../media-session';

/** "playback" / "download" sentences for the session watchdogs and ends. */
export function historyTexts(what: 'playback' | 'download'): SessionTexts {
  return {
    deviceBye: (channelId, reason) => `camera ${channelId} ended ${what} (it sent BYE${reason ? `: ${reason}` : ''})`,
    stalled: (channelId, ms) => `camera ${channelId} stopped sending recorded video (nothing for ${seconds(ms)} s); ${what} ended`,
    offline: (deviceId, channelId, why) => `device ${deviceId} went offline (${why}); ${what} of camera ${channelId} ended`,
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
