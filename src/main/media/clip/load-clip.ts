import { readFileSync } from 'node:fs';
import { splitAccessUnits } from '../annexb/split-access-units';
import type { VideoInfo } from '../frame/types';
import { h264Rules } from '../h264/rules';
import { h265Rules } from '../h265/rules';
import { type ClipName, clipPath } from './resources-dir';

export interface ClipFrame {
  /** Annex B access unit. */
  data: Buffer;
  /** 90 kHz, frame index x (90000 / fps); decode order equals presentation order (no B-frames). */
  pts: number;
  keyframe: boolean;
}

export interface VideoClip {
  codec: 'h264' | 'h265';
  fps: number;
  frames: ClipFrame[];
  /** Duration of one loop in 90 kHz units. */
  duration: number;
  info: VideoInfo;
}

/**
 * Reads a raw H.264 (.h264/.264) or H.265 (.h265/.265/.hevc) clip and splits it into access units.
 * `fps` is not read from the stream: the committed clips are 25 fps.
 */
export function loadVideoClip(nameOrPath: ClipName | string, fps = 25): VideoClip {
  const path = nameOrPath.includes('/') || nameOrPath.includes('.') ? nameOrPath : clipPath(nameOrPath as ClipName);
  const codec = /\.(h265|265|hevc)$/i.test(path) ? 'h265' : 'h264';
  const units = splitAccessUnits(readFileSync(path), codec === 'h265' ? h265Rules : h264Rules);
  const step = 90000 / fps;
  const frames = units.map((u, i) => ({ data: u.data, pts: Math.round(i * step), keyframe: u.keyframe }));
  const info = units.find((u) => u.info)?.info;
  if (!info || frames.length === 0) throw new Error(`${path} holds no decodable ${codec} video (no SPS or no pictures)`);
  return { codec, fps, frames, duration: Math.round(frames.length * step), info };
}

/** Reads a raw G.711 A-law file and cuts it into packets of `packetMs` (8 samples per ms). */
export function loadG711Clip(nameOrPath: ClipName | string = 'g711a', packetMs = 40): { data: Buffer; pts: number }[] {
  const path = nameOrPath.includes('/') || nameOrPath.includes('.') ? nameOrPath : clipPath(nameOrPath as ClipName);
  const all = readFileSync(path);
  const size = packetMs * 8;
  const out: { data: Buffer; pts: number }[] = [];
  for (let o = 0; o + size <= all.length; o += size) out.push({ data: all.subarray(o, o + size), pts: (o / 8) * 90 });
  return out;
}
