// Speeds a channel offers: the catalog's DownloadSpeed ("1/2/4/8", in Info on GB/T 28181-2022 catalogs) says
// which a=downloadspeed values it takes, and whether playback may go to 8x.
import type { ChannelView } from '../../../shared/contract';

export const PLAY_SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
const DOWNLOAD_SPEEDS = [1, 2, 4, 8];
/** What a channel whose catalog does not say is offered. */
const DEFAULT_DOWNLOAD_SPEEDS = [1, 2, 4];

/** a=downloadspeed values the channel takes, ascending. */
export function downloadSpeeds(channel: Pick<ChannelView, 'downloadSpeed'> | undefined): number[] {
  const field = channel?.downloadSpeed;
  if (!field) return DEFAULT_DOWNLOAD_SPEEDS;
  const said = field
    .split(/[/,\s]+/)
    .map(Number)
    .filter((n) => DOWNLOAD_SPEEDS.includes(n));
  return said.length > 0 ? [...new Set(said)].sort((a, b) => a - b) : DEFAULT_DOWNLOAD_SPEEDS;
}

/** Playback speeds: 1/4x to 4x, and 8x where the catalog allows 8. */
export function playSpeeds(channel: Pick<ChannelView, 'downloadSpeed'> | undefined): number[] {
  return downloadSpeeds(channel).includes(8) ? [...PLAY_SPEEDS, 8] : [...PLAY_SPEEDS];
}
