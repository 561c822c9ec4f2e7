import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import type { Translate } from '../../i18n';
import type { PlayerStats } from './player';
import { tileStatusText } from './status-text';
import type { TileSlot } from './tile-slots';

const translator =
  (dict: Record<MessageKey, string>): Translate =>
  (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
const t = translator(en);

const slot: TileSlot = { key: 'k', deviceId: 'd', channelId: '34020000001320000001', name: 'Gate', sessionId: 's', phase: 'open', pressedAt: 0 };
const stats = (patch: Partial<PlayerStats>): PlayerStats => ({
  phase: 'playing',
  codec: 'h264',
  codecString: 'avc1.42C01E',
  decoder: 'WebCodecs',
  width: 640,
  height: 360,
  framesReceived: 250,
  framesDecoded: 250,
  bytesReceived: 0,
  fps: 24.8,
  kbps: 450,
  firstPictureMs: 120,
  gaps: 0,
  decoderErrors: 0,
  problem: null,
  end: null,
  ...patch,
});

describe('tile status text', () => {
  it('says what plays, its size and rate, and how many frames were decoded', () => {
    expect(tileStatusText(t, slot, stats({}), false)).toBe('Playing H.264 640×360, 25 fps, 250 frames decoded');
  });

  it('says an H.265 stream cannot be decoded here, still with what arrives', () => {
    expect(tileStatusText(t, slot, stats({ phase: 'unsupported', codec: 'h265', framesDecoded: 0, framesReceived: 75 }), false)).toBe(
      'H.265 stream, this browser cannot decode it (640×360, 25 fps, 75 frames received)',
    );
  });

  it('covers starting, waiting, failing and ending with the reason', () => {
    expect(tileStatusText(t, { ...slot, phase: 'starting', sessionId: null }, null, false)).toBe('Starting live view of Gate…');
    expect(tileStatusText(t, slot, stats({ phase: 'connecting' }), true)).toBe('Starting live view of Gate…');
    expect(tileStatusText(t, slot, stats({ phase: 'connecting' }), false)).toBe('Waiting for video…');
    expect(tileStatusText(t, slot, stats({ phase: 'waiting-key', framesReceived: 3 }), false)).toBe('Waiting for a keyframe (3 frames received)');
    expect(tileStatusText(t, { ...slot, phase: 'failed', message: 'Could not start live view of Gate: busy' }, null, false)).toBe('Could not start live view of Gate: busy');
    expect(tileStatusText(t, { ...slot, phase: 'ended', message: 'camera sent BYE' }, null, false)).toBe('Ended: camera sent BYE');
    expect(tileStatusText(t, slot, stats({ phase: 'playing', fps: null, width: 0 }), false)).toBe('Playing H.264 —, — fps, 250 frames decoded');
  });

  it('exists in Chinese too', () => {
    expect(tileStatusText(translator(zh), slot, stats({}), false)).toBe('正在播放 H.264 640×360，25 帧/秒，已解码 250 帧');
  });
});
