import { describe, expect, it } from 'vitest';
import { CmdTypeMemo } from './cmd-memo';
import type { MessageSummary } from './summary';

/** The memo as first written: a Map whose oldest entry is found through its iterator. */
class ReferenceMemo {
  private readonly byCallId = new Map<string, { cmdType: string; sn: string | null }>();
  constructor(private readonly size: number) {}
  inherit(s: MessageSummary): boolean {
    if (s.method !== 'MESSAGE' || !s.callId) return false;
    if (s.status === null) {
      if (!s.cmdType) return false;
      if (this.byCallId.size >= this.size) this.byCallId.delete(this.byCallId.keys().next().value!);
      this.byCallId.set(s.callId, { cmdType: s.cmdType, sn: s.sn });
      return false;
    }
    const memo = s.cmdType ? undefined : this.byCallId.get(s.callId);
    if (!memo) return false;
    s.cmdType = memo.cmdType;
    s.sn = memo.sn;
    return true;
  }
}

const summary = (callId: string, request: boolean, sn: number): MessageSummary =>
  ({ method: 'MESSAGE', callId, status: request ? null : 200, cmdType: request ? 'Keepalive' : null, sn: request ? String(sn) : null }) as MessageSummary;

describe('CmdTypeMemo', () => {
  it('gives a response its request CmdType and SN, and forgets the oldest request past its bound, as the Map-order memo did', () => {
    let seed = 3;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 16) % n;
    };
    const memo = new CmdTypeMemo(8);
    const ref = new ReferenceMemo(8);
    let inherited = 0;
    for (let i = 0; i < 20_000; i++) {
      // Few Call-IDs, so requests repeat (retransmissions) while the memo is full.
      const callId = `c${next(24)}`;
      const request = next(2) === 0;
      const a = summary(callId, request, i);
      const b = summary(callId, request, i);
      const got = memo.inherit(a);
      expect(got).toBe(ref.inherit(b));
      expect(a).toEqual(b);
      if (got) inherited++;
    }
    expect(inherited).toBeGreaterThan(1000);
  });

  it('remembers the 4096 newest requests by default', () => {
    const memo = new CmdTypeMemo();
    for (let i = 0; i < 5000; i++) memo.inherit(summary(`k${i}`, true, i));
    expect(memo.inherit(summary('k903', false, 0))).toBe(false);
    const r = summary('k904', false, 0);
    expect(memo.inherit(r)).toBe(true);
    expect(r.sn).toBe('904');
  });
});
