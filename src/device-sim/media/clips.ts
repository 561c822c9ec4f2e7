// Clips are read and split once per process and shared by every stream.
import { loadG711Clip, loadVideoClip, type VideoClip } from '../../main/media/clip';

export type SimClip = 'h264Baseline' | 'h264High' | 'h265Main';

const video = new Map<string, VideoClip>();
let audio: { data: Buffer; pts: number }[] | undefined;

export function videoClip(name: SimClip): VideoClip {
  let c = video.get(name);
  if (!c) {
    c = loadVideoClip(name);
    video.set(name, c);
  }
  return c;
}

/** 40 ms G.711A packets, one per video frame at 25 fps. */
export function audioClip(): { data: Buffer; pts: number }[] {
  audio ??= loadG711Clip('g711a', 40);
  return audio;
}
