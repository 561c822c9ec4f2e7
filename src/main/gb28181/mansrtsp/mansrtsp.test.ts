import { describe, expect, it } from 'vitest';
import { parseMansrtsp } from '../../../device-sim/media/mansrtsp';
import { buildMansrtsp, formatScale, MansrtspSequence, parseMansrtspAnswer } from './mansrtsp';

describe('MANSRTSP requests', () => {
  it('writes PAUSE with PauseTime now, and PLAY with Range npt and Scale, each with its own CSeq', () => {
    const seq = new MansrtspSequence();
    expect(buildMansrtsp({ method: 'PAUSE', cseq: seq.next() })).toBe('PAUSE RTSP/1.0\r\nCSeq: 1\r\nPauseTime: now\r\n\r\n');
    expect(buildMansrtsp({ method: 'PLAY', cseq: seq.next() })).toBe('PLAY RTSP/1.0\r\nCSeq: 2\r\n\r\n');
    expect(buildMansrtsp({ method: 'PLAY', cseq: seq.next(), rangeStartSec: 120 })).toBe('PLAY RTSP/1.0\r\nCSeq: 3\r\nRange: npt=120-\r\n\r\n');
    expect(buildMansrtsp({ method: 'PLAY', cseq: seq.next(), scale: 2 })).toBe('PLAY RTSP/1.0\r\nCSeq: 4\r\nScale: 2.0\r\n\r\n');
    expect(buildMansrtsp({ method: 'PLAY', cseq: seq.next(), scale: 0.25 })).toContain('Scale: 0.25\r\n');
    expect(buildMansrtsp({ method: 'TEARDOWN', cseq: seq.next() })).toBe('TEARDOWN RTSP/1.0\r\nCSeq: 6\r\n\r\n');
  });

  it('is read back by a device parser (the simulator) with the same values', () => {
    const r = parseMansrtsp(buildMansrtsp({ method: 'PLAY', cseq: 7, rangeStartSec: 30.5, scale: 4 }));
    expect(r).toEqual({ ok: true, command: { method: 'PLAY', cseq: 7, rangeStartSec: 30.5, scale: 4 } });
    expect(parseMansrtsp(buildMansrtsp({ method: 'PAUSE', cseq: 8 }))).toEqual({ ok: true, command: { method: 'PAUSE', cseq: 8 } });
  });

  it('never writes a negative npt and keeps scales short', () => {
    expect(buildMansrtsp({ method: 'PLAY', cseq: 1, rangeStartSec: -3 })).toContain('Range: npt=0-');
    expect(formatScale(1)).toBe('1.0');
    expect(formatScale(1 / 3)).toBe('0.333');
  });

  it('reads the device answer and its CSeq; a body that is not one is undefined', () => {
    expect(parseMansrtspAnswer('RTSP/1.0 200 OK\r\nCSeq: 3\r\n\r\n')).toEqual({ status: 200, reason: 'OK', cseq: 3 });
    expect(parseMansrtspAnswer('rtsp/1.0 457 Invalid Range\ncseq:9')).toEqual({ status: 457, reason: 'Invalid Range', cseq: 9 });
    expect(parseMansrtspAnswer('')).toBeUndefined();
    expect(parseMansrtspAnswer('OK')).toBeUndefined();
  });
});
