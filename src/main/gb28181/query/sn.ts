/** MANSCDP SN: one counter per server, starting at a random point so SNs do not repeat across restarts soon. */
export class SnCounter {
  private value: number;

  constructor(start = 1 + Math.floor(Math.random() * 100_000)) {
    this.value = start;
  }

  next(): number {
    this.value = this.value >= 2_000_000_000 ? 1 : this.value + 1;
    return this.value;
  }
}
