// Network faults a test can ask a device to inflict on its own RTP: loss and reordering.

export interface RtpFaults {
  /** Percentage of packets never sent (0-100). */
  dropPercent?: number;
  /** Percentage of packets held back and sent after the next one (0-100). */
  reorderPercent?: number;
}

export class FaultyOutput {
  dropped = 0;
  reordered = 0;
  private held: Buffer | undefined;

  constructor(
    private readonly faults: RtpFaults,
    private readonly random: () => number = Math.random,
  ) {}

  /** The packets to put on the wire for this batch, after loss and reordering. */
  apply(packets: Buffer[]): Buffer[] {
    const drop = (this.faults.dropPercent ?? 0) / 100;
    const reorder = (this.faults.reorderPercent ?? 0) / 100;
    if (drop <= 0 && reorder <= 0 && !this.held) return packets;
    const out: Buffer[] = [];
    for (const p of packets) {
      if (drop > 0 && this.random() < drop) {
        this.dropped++;
        continue;
      }
      if (this.held) {
        out.push(p, this.held);
        this.held = undefined;
        continue;
      }
      if (reorder > 0 && this.random() < reorder) {
        this.held = p;
        this.reordered++;
        continue;
      }
      out.push(p);
    }
    return out;
  }

  /** Whatever is still held back (sent at the end of a stream). */
  flush(): Buffer[] {
    const h = this.held;
    this.held = undefined;
    return h ? [h] : [];
  }
}
