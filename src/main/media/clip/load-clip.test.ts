import { describe, expect, it } from 'vitest';
import { loadG711Clip, loadVideoClip } from './load-clip';

describe('loadVideoClip', () => {
  it('loads each committed clip as 250 frames at 25 fps with 90 kHz PTS', () => {
    for (const name of ['h264Baseline', 'h264High', 'h265Main'] as const) {
      const clip = loadVideoClip(name);
      expect(clip.frames).toHaveLength(250);
      expect(clip.frames[1].pts).toBe(3600);
      expect(clip.duration).toBe(900000);
      expect(clip.info).toMatchObject({ width: 640, height: 360 });
      expect(clip.codec).toBe(name === 'h265Main' ? 'h265' : 'h264');
    }
  });

  it('fails with a clear message for a file without video', () => {
    expect(() => loadVideoClip('/dev/null')).toThrow(/no decodable h264 video/);
  });

  it('cuts the G.711A tone into 40 ms packets of 320 bytes', () => {
    const packets = loadG711Clip();
    expect(packets).toHaveLength(250);
    expect(packets[1]).toMatchObject({ pts: 3600 });
    expect(packets[0].data.length).toBe(320);
  });
});
