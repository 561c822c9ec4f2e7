// Frame buffers: a buffer is reused only after every holder of its frame let go, and what is kept is bounded.
import { describe, expect, it } from 'vitest';
import { FrameBuffers } from './frame-buffers';

const big = (mark: string, kb: number) => `["${mark}",${JSON.stringify('通道'.repeat(kb * 170))}]`;

describe('frame buffers', () => {
  it("holds a frame's bytes as UTF-8, Chinese included", () => {
    const text = big('a', 40);
    const frame = new FrameBuffers().encode(text);
    expect(frame.data.equals(Buffer.from(text))).toBe(true);
  });

  it('reuses a buffer only once the encoder and every socket let go', () => {
    const buffers = new FrameBuffers();
    const first = buffers.encode(big('a', 40));
    const sentA = first.hold();
    const sentB = first.hold();
    first.release();
    sentA();
    sentA(); // a second call lets go of nothing more
    const second = buffers.encode(big('b', 40));
    expect(second.data.buffer).not.toBe(first.data.buffer);
    expect(first.data.toString().startsWith('["a"')).toBe(true);
    sentB();
    expect(buffers.kept.buffers).toBe(1);
    const third = buffers.encode(big('c', 40));
    expect(third.data.buffer).toBe(first.data.buffer);
    expect(third.data.toString()).toBe(big('c', 40));
  });

  it('keeps no more than its bound, and never a buffer past its largest size', () => {
    // buffers of 64, 64, 128 and 512 KB: the 512 KB one is past the largest kept, the smallest makes room
    const buffers = new FrameBuffers(200 * 1024, 256 * 1024);
    const frames = [40, 60, 80, 300].map((kb, i) => buffers.encode(big(String(i), kb)));
    expect(frames.map((f) => f.data.buffer.byteLength)).toEqual([64, 64, 128, 512].map((kb) => kb * 1024));
    for (const f of frames) f.release();
    expect(buffers.kept).toEqual({ buffers: 2, bytes: 192 * 1024 });
    const again = buffers.encode(big('x', 300));
    expect(frames.some((f) => f.data.buffer === again.data.buffer)).toBe(false);
  });

  it('hands small frames out as plain buffers, keeping nothing', () => {
    const buffers = new FrameBuffers();
    const frame = buffers.encode('{"event":"device.online"}');
    frame.hold()();
    frame.release();
    expect(buffers.kept).toEqual({ buffers: 0, bytes: 0 });
  });
});
