// y= SSRC (GB/T 28181-2016 Annex G): 10 decimal digits. Digit 1: 0 live, 1 history; digits 2-6: digits 4-8 of
// the domain; digits 7-10: a number unique among open sessions (of every instance sharing the platform: each
// numbers inside its own range).

export type SsrcKind = 'live' | 'history';

const SEQ_MAX = 9999;

export class SsrcExhaustedError extends Error {
  constructor(open: number, min = 1, max = SEQ_MAX) {
    const pad = (n: number) => String(n).padStart(4, '0');
    super(`no free SSRC: all ${open} sequence numbers (${pad(min)}-${pad(max)}) are held by open media sessions; stop some sessions first`);
    this.name = 'SsrcExhaustedError';
  }
}

export class SsrcAllocator {
  private readonly middle: string;
  private readonly inUse = new Set<number>();
  private readonly min: number;
  private readonly max: number;
  private next: number;

  /** `domain`: the 10-digit SIP domain (a 20-digit server ID is accepted and its domain used); `range`: the sequence numbers to use. */
  constructor(domain: string, range: { min: number; max: number } = { min: 1, max: SEQ_MAX }) {
    this.min = Math.max(1, range.min);
    this.max = Math.min(SEQ_MAX, range.max);
    this.next = this.min;
    const d = /^\d{20}$/.test(domain) ? domain.slice(0, 10) : domain;
    if (!/^\d{10}$/.test(d)) throw new Error(`SSRC allocator needs the 10-digit domain; got "${domain}"`);
    this.middle = d.slice(3, 8);
  }

  /** Sequence numbers rotate, so a just-released SSRC is not handed out again while stray packets may arrive. */
  allocate(kind: SsrcKind): string {
    if (this.inUse.size >= this.max - this.min + 1) throw new SsrcExhaustedError(this.inUse.size, this.min, this.max);
    let seq = this.next;
    while (this.inUse.has(seq)) seq = seq >= this.max ? this.min : seq + 1;
    this.inUse.add(seq);
    this.next = seq >= this.max ? this.min : seq + 1;
    return `${kind === 'live' ? '0' : '1'}${this.middle}${String(seq).padStart(4, '0')}`;
  }

  /** Frees an SSRC; returns false when it was not ours or not allocated (safe to call twice). */
  release(ssrc: string): boolean {
    const seq = this.sequenceOf(ssrc);
    return seq !== undefined && this.inUse.delete(seq);
  }

  /** Marks an SSRC as taken (e.g. sessions restored after a restart); false when it is not ours or already taken. */
  reserve(ssrc: string): boolean {
    const seq = this.sequenceOf(ssrc);
    if (seq === undefined || this.inUse.has(seq)) return false;
    this.inUse.add(seq);
    return true;
  }

  isInUse(ssrc: string): boolean {
    const seq = this.sequenceOf(ssrc);
    return seq !== undefined && this.inUse.has(seq);
  }

  get openCount(): number {
    return this.inUse.size;
  }

  private sequenceOf(ssrc: string): number | undefined {
    if (!/^[01]\d{9}$/.test(ssrc) || ssrc.slice(1, 6) !== this.middle) return undefined;
    const seq = Number(ssrc.slice(6));
    return seq >= 1 && seq <= SEQ_MAX ? seq : undefined;
  }
}

export function ssrcKind(ssrc: string): SsrcKind | undefined {
  return ssrc[0] === '0' ? 'live' : ssrc[0] === '1' ? 'history' : undefined;
}
