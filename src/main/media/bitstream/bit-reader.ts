/** Thrown when a parser reads past the end of its data; parsers catch it and report "truncated". */
export class BitstreamEndError extends RangeError {
  constructor() {
    super('read past the end of the bitstream');
  }
}

/** MSB-first bit reader over RBSP bytes (emulation prevention already removed), with Exp-Golomb codes. */
export class BitReader {
  private bitPos = 0;
  private readonly bitLen: number;

  constructor(private readonly data: Uint8Array) {
    this.bitLen = data.length * 8;
  }

  get bitsLeft(): number {
    return this.bitLen - this.bitPos;
  }

  bit(): number {
    if (this.bitPos >= this.bitLen) throw new BitstreamEndError();
    const b = (this.data[this.bitPos >> 3] >> (7 - (this.bitPos & 7))) & 1;
    this.bitPos++;
    return b;
  }

  flag(): boolean {
    return this.bit() === 1;
  }

  /** Unsigned n-bit value, n <= 32. */
  u(n: number): number {
    if (n > this.bitsLeft) throw new BitstreamEndError();
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  skip(n: number): void {
    if (n > this.bitsLeft) throw new BitstreamEndError();
    this.bitPos += n;
  }

  /** ue(v), H.264 9.1 / H.265 9.2. */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      zeros++;
      if (zeros > 31) throw new RangeError('Exp-Golomb code longer than 32 bits');
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.u(zeros);
  }

  /** se(v): 1, 2, 3, 4 ... map to 1, -1, 2, -2 ... */
  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -(k / 2);
  }
}
