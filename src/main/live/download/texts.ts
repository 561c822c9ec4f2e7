// Sentences for a download's end: how it ended (done, truncated, failed) and the session's own reason inside.
import { serverText, textOf, type ServerText } from '../../../shared/texts';
import type { Said } from '../media-session';

export function endReportedText(): ServerText {
  return serverText('download.why.reported', {}, 'the camera reported the end (MediaStatus 121)');
}

export function rangeEndText(): ServerText {
  return serverText('download.why.rangeEnd', {}, 'the timestamps reached the end of the range');
}

export function noVideoText(): ServerText {
  return serverText('download.why.noVideo', {}, 'no recorded video arrived');
}

export function failedWhyText(): ServerText {
  return serverText('download.why.failed', {}, 'the download failed');
}

export function truncatedText(percent: number): ServerText {
  return serverText('download.why.truncated', { percent }, `${percent}% of the recorded footage arrived`);
}

/** The end sentence: how it ended, then the session's reason (after a colon when nothing was written). */
export function downloadEndText(why: ServerText, said: Said, colon: boolean): ServerText {
  const detail: ServerText | string = typeof said === 'string' ? said : (said as ServerText);
  const reason = textOf(said);
  return colon
    ? serverText('download.endedBecause', { why, detail }, `${why.text}: ${reason}`)
    : serverText('download.ended', { why, detail }, `${why.text} (${reason})`);
}

export function cancelledText(channelId: string): ServerText {
  return serverText('download.cancelled', { channelId }, `download of camera ${channelId} cancelled`);
}

export function cancelledWhyText(queued: boolean): ServerText {
  return queued ? serverText('download.why.cancelledQueued', {}, 'cancelled before it started') : serverText('download.why.cancelled', {}, 'cancelled');
}

export function reachedEndText(channelId: string): ServerText {
  return serverText('download.reachedEnd', { channelId }, `camera ${channelId} reached the end of the recording (MediaStatus 121)`);
}

export function rangeReachedText(channelId: string): ServerText {
  return serverText('download.rangeReached', { channelId }, `download of camera ${channelId}: the timestamps reached the end of the range`);
}

export function timestampsStuckText(channelId: string, atSec: number): ServerText {
  return serverText(
    'download.timestampsStuck',
    { channelId, seconds: atSec },
    `camera ${channelId} kept sending but its timestamps stopped advancing at ${atSec} s into the range; download ended`,
  );
}

export function tooManyText(max: number): ServerText {
  return serverText('download.tooMany', { max }, `${max} downloads are queued or running already; cancel some or wait`);
}
