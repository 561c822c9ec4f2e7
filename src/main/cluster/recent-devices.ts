// Device IDs noted for a while (a few seconds to a minute): which devices were just redirected, here or away.
// Keyed by what devices and other instances send, so bounded: past `max` notes the oldest is forgotten.

export class RecentDevices {
  /** Device ID -> when its note lapses; insertion order is age order (a note renewed moves to the end). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 20_000,
  ) {}

  note(deviceId: string, now: number): void {
    this.until.delete(deviceId);
    this.until.set(deviceId, now + this.ttlMs);
    this.prune(now);
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value!);
  }

  has(deviceId: string, now: number): boolean {
    const t = this.until.get(deviceId);
    return t !== undefined && t > now;
  }

  get size(): number {
    return this.until.size;
  }

  private prune(now: number): void {
    for (const [id, t] of this.until) {
      if (t > now) return;
      this.until.delete(id);
    }
  }
}
