import { type VideoClip, loadVideoClip } from '../clip/load-clip';
import type { ClipName } from '../clip/resources-dir';
import { PsMuxer, type PsMuxerOptions } from '../ps-mux/ps-muxer';

const cache = new Map<string, VideoClip>();

export function clip(name: ClipName): VideoClip {
  let c = cache.get(name);
  if (!c) {
    c = loadVideoClip(name);
    cache.set(name, c);
  }
  return c;
}

/** The clip as PS packets, one per frame, as the simulator sends them. */
export function psPackets(name: ClipName, options: Partial<PsMuxerOptions> = {}): Buffer[] {
  const c = clip(name);
  const mux = new PsMuxer({ video: c.codec, ...options });
  return c.frames.map((f) => mux.video(f));
}
