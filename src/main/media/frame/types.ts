export type VideoCodec = 'h264' | 'h265' | 'mpeg4' | 'svac';
export type AudioCodec = 'g711a' | 'g711u' | 'aac';
export type MediaCodec = VideoCodec | AudioCodec;

/** What a video parameter set tells about the picture. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Human name, e.g. "Constrained Baseline", "High", "Main". */
  profile: string;
  /** WebCodecs codec string, e.g. "avc1.42C01E" or "hvc1.1.6.L93.B0". */
  codecString: string;
}

/**
 * One access unit (video) or one audio packet, as the demuxers emit it.
 * Video data is Annex B (start codes before every NAL unit). Times are in 90 kHz units (33-bit in PS).
 */
export interface MediaFrame {
  kind: 'video' | 'audio';
  codec: MediaCodec;
  data: Buffer;
  pts: number;
  dts: number;
  keyframe: boolean;
  width?: number;
  height?: number;
  profile?: string;
  codecString?: string;
}
