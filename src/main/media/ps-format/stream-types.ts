import type { MediaCodec } from '../frame/types';

/** stream_type values in a program stream map, ISO 13818-1 Table 2-34 plus the GB/T 28181 private ones. */
export const StreamType = {
  Mpeg4Video: 0x10,
  H264: 0x1b,
  H265: 0x24,
  Aac: 0x0f,
  Svac: 0x80,
  G711A: 0x90,
  G711U: 0x91,
} as const;

const BY_TYPE: Record<number, MediaCodec> = {
  [StreamType.Mpeg4Video]: 'mpeg4',
  [StreamType.H264]: 'h264',
  [StreamType.H265]: 'h265',
  [StreamType.Aac]: 'aac',
  [StreamType.Svac]: 'svac',
  [StreamType.G711A]: 'g711a',
  [StreamType.G711U]: 'g711u',
};

export function codecOfStreamType(streamType: number): MediaCodec | undefined {
  return BY_TYPE[streamType];
}

export function streamTypeOfCodec(codec: MediaCodec): number {
  for (const [type, c] of Object.entries(BY_TYPE)) if (c === codec) return Number(type);
  throw new Error(`no PS stream_type for codec ${codec}`);
}
