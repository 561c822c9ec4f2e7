import { describe, expect, it } from 'vitest';
import { i420Size, Y4mReader, type Y4mPicture } from './y4m';

const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

function stream(w: number, h: number, pictures: number): Uint8Array {
  const parts = [ascii(`YUV4MPEG2 W${w} H${h} F25:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n`)];
  for (let i = 0; i < pictures; i++) {
    parts.push(ascii('FRAME\n'), new Uint8Array(i420Size(w, h)).fill(i + 1));
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('Y4mReader', () => {
  it('gives each picture whole, whatever the sizes of the pieces written', () => {
    const bytes = stream(6, 4, 3);
    for (const piece of [1, 7, 36, bytes.length]) {
      const seen: Y4mPicture[] = [];
      const r = new Y4mReader((p) => seen.push(p));
      for (let at = 0; at < bytes.length; at += piece) r.write(bytes.subarray(at, at + piece));
      expect(seen.map((p) => [p.width, p.height, p.data.length, p.data[0], p.data.at(-1)])).toEqual([
        [6, 4, 36, 1, 1],
        [6, 4, 36, 2, 2],
        [6, 4, 36, 3, 3],
      ]);
    }
  });

  it('rounds chroma planes up for odd sizes', () => {
    expect(i420Size(5, 3)).toBe(15 + 2 * 3 * 2);
    const seen: Y4mPicture[] = [];
    new Y4mReader((p) => seen.push(p)).write(stream(5, 3, 1));
    expect(seen[0].data.length).toBe(27);
  });

  it('reads a new header after restart', () => {
    const seen: Y4mPicture[] = [];
    const r = new Y4mReader((p) => seen.push(p));
    r.write(stream(4, 2, 1));
    r.restart();
    r.write(stream(2, 2, 1));
    expect(seen.map((p) => `${p.width}x${p.height}`)).toEqual(['4x2', '2x2']);
  });

  it('refuses what is not 4:2:0 y4m', () => {
    expect(() => new Y4mReader(() => {}).write(ascii('YUV4MPEG2 W4 H2 C444\n'))).toThrow(/not 4:2:0/);
    expect(() => new Y4mReader(() => {}).write(ascii('FRAME\n'))).toThrow(/before the stream header/);
    expect(() => new Y4mReader(() => {}).write(new Uint8Array(2000).fill(65))).toThrow(/too long/);
  });
});
