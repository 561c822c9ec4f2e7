import type { VideoInfo } from '../frame/types';

/** What the access unit assembler needs to know about one Annex B codec (H.264 or H.265). */
export interface AnnexBRules {
  readonly codec: 'h264' | 'h265';
  /** Bytes after the start code needed to classify a NAL unit (header plus the first slice-header byte). */
  readonly classifyBytes: number;
  nalType(buf: Uint8Array, at: number): number;
  isVcl(type: number): boolean;
  isKeyframe(type: number): boolean;
  isSps(type: number): boolean;
  /** True when this NAL unit begins a new access unit, given whether the current one already holds a picture. */
  startsAccessUnit(buf: Uint8Array, at: number, type: number, currentHasVcl: boolean): boolean;
  /** SPS NAL unit (with its header) to picture info; undefined when malformed. */
  parseSps(nal: Uint8Array): VideoInfo | undefined;
}
