// The one-line status of a tile, for people and for tests ("Playing H.264 640×360, 25 fps, 250 frames decoded").
import type { Translate } from '../../i18n';
import { wordServerText } from '../../i18n/server-text';
import type { PlayerStats } from './player';
import { displayCodec } from './player';
import type { TileSlot } from './tile-slots';

export const size = (w: number, h: number): string => (w > 0 && h > 0 ? `${w}×${h}` : '—');

export function tileStatusText(t: Translate, slot: TileSlot, stats: PlayerStats | null, inviting: boolean): string {
  if (slot.phase === 'failed') return slot.message ?? t('live.status.failed');
  if (slot.phase === 'ended') return t('live.status.ended', { reason: wordServerText(t, slot.text, slot.message ?? '') });
  if (slot.phase === 'starting') return t('live.status.inviting', { name: slot.name });
  if (!stats) return inviting ? t('live.status.inviting', { name: slot.name }) : t('live.status.connecting');
  const codec = displayCodec(stats.codec);
  const fps = stats.fps === null ? '—' : String(Math.round(stats.fps));
  switch (stats.phase) {
    case 'connecting':
      return inviting ? t('live.status.inviting', { name: slot.name }) : t('live.status.connecting');
    case 'waiting-key':
      return t('live.status.waitingKey', { n: stats.framesReceived });
    case 'playing':
      return t('live.status.playing', { codec, size: size(stats.width, stats.height), fps, n: stats.framesDecoded });
    case 'unsupported':
      return `${t('live.cannotDecode', { codec })} (${t('live.status.received', { size: size(stats.width, stats.height), fps, n: stats.framesReceived })})`;
    case 'ended':
      return t('live.status.ended', { reason: stats.problem ?? '' });
  }
}
