// Waiting for a live tile to play: its status line reads "Playing H.264 640×360, 25 fps, 120 frames decoded".
import { expect, type Page } from '@playwright/test';

export interface DecodeWait {
  codec?: 'H.264' | 'H.265';
  /** How long the tile may take to start playing (default 15 s). */
  playingMs?: number;
  /** How long it may then take to decode the frames (default 15 s). */
  decodedMs?: number;
}

/** Tile `tile` (1-based) plays a 640×360 stream of `codec` and has decoded at least `atLeast` frames. */
export async function waitForDecodedFrames(page: Page, tile: number, atLeast: number, opts: DecodeWait = {}): Promise<void> {
  const { codec = 'H.264', playingMs = 15_000, decodedMs = 15_000 } = opts;
  const playing = new RegExp(`^Playing ${codec.replace('.', '\\.')} 640×360, \\d+ fps, (\\d+) frames decoded$`);
  const status = page.getByTestId(`tile-status-${tile}`);
  await expect(status).toHaveText(playing, { timeout: playingMs });
  await expect
    .poll(async () => Number(playing.exec((await status.textContent()) ?? '')?.[1] ?? 0), { timeout: decodedMs, message: `tile ${tile} decodes ${codec} frames` })
    .toBeGreaterThanOrEqual(atLeast);
}
