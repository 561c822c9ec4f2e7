import { describe, expect, it } from 'vitest';
import { SsrcAllocator, SsrcExhaustedError, ssrcKind } from './ssrc';

describe('SSRC allocation', () => {
  it('digit 1 by kind, digits 2-6 from domain digits 4-8, 4-digit sequence', () => {
    const a = new SsrcAllocator('3402000000');
    expect(a.allocate('live')).toBe('0200000001');
    expect(a.allocate('history')).toBe('1200000002');
    const b = new SsrcAllocator('4401020049');
    expect(b.allocate('live')).toBe('0102000001');
    expect(new SsrcAllocator('34020000002000000001').allocate('live')).toBe('0200000001');
  });

  it('never hands out a sequence that is still open; release frees it', () => {
    const a = new SsrcAllocator('3402000000');
    const open = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const s = a.allocate(i % 2 ? 'live' : 'history');
      expect(open.has(s.slice(6))).toBe(false);
      open.add(s.slice(6));
      if (i % 3 === 0) {
        expect(a.release(s)).toBe(true);
        open.delete(s.slice(6));
      }
    }
    expect(a.openCount).toBe(open.size);
  });

  it('rotates instead of reusing a just-released SSRC', () => {
    const a = new SsrcAllocator('3402000000');
    const s1 = a.allocate('live');
    a.release(s1);
    expect(a.allocate('live')).not.toBe(s1);
  });

  it('wraps around and skips sequences in use', () => {
    const a = new SsrcAllocator('3402000000');
    const first = a.allocate('live'); // 0001 stays open
    for (let i = 2; i <= 9999; i++) a.release(a.allocate('live'));
    expect(a.allocate('live')).toBe('0200000002');
    expect(a.isInUse(first)).toBe(true);
  });

  it('exhaustion gives a clear error', () => {
    const a = new SsrcAllocator('3402000000');
    for (let i = 0; i < 9999; i++) a.allocate('live');
    expect(() => a.allocate('history')).toThrow(SsrcExhaustedError);
    expect(() => a.allocate('history')).toThrow(/all 9999 sequence numbers .* open media sessions/);
    a.release('0200000777');
    expect(a.allocate('history')).toBe('1200000777');
  });

  it('release / reserve ignore foreign SSRCs', () => {
    const a = new SsrcAllocator('3402000000');
    expect(a.release('0999990001')).toBe(false);
    expect(a.release('garbage')).toBe(false);
    expect(a.reserve('0200000042')).toBe(true);
    expect(a.reserve('1200000042')).toBe(false);
    expect(a.release('0200000042')).toBe(true);
    expect(a.release('0200000042')).toBe(false);
  });

  it('rejects a bad domain and tells the kind', () => {
    expect(() => new SsrcAllocator('34020')).toThrow(/10-digit domain/);
    expect(ssrcKind('0200000001')).toBe('live');
    expect(ssrcKind('1200000001')).toBe('history');
    expect(ssrcKind('9')).toBeUndefined();
  });
});
