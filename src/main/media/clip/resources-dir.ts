import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The resources/media folder: found by walking up from this module (works from src/ under tsx and vitest and from a
 * bundle under out/), falling back to the working directory.
 */
export function mediaResourcesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'media');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(process.cwd(), 'resources', 'media');
}

/** The committed clips (see resources/media/README.md). */
export const CLIPS = {
  h264Baseline: 'clip-640x360-25fps-baseline.h264',
  h264High: 'clip-640x360-25fps-high.h264',
  h265Main: 'clip-640x360-25fps-main.h265',
  g711a: 'tone-8khz-10s.alaw',
} as const;

export type ClipName = keyof typeof CLIPS;

export function clipPath(name: ClipName): string {
  return join(mediaResourcesDir(), CLIPS[name]);
}
