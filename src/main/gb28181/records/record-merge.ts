// RecordInfo answers come in parts (GB/T 28181-2016 A.2.6.7), each MESSAGE with the query's SN and the total
// SumNum; devices send them out of order, repeat some, send parts after the platform stopped waiting, and some
// undercount SumNum (docs/protocol.md §14). Parts are merged by distinct item until SumNum distinct items are
// held; parts after that are still merged (an undercounted SumNum loses nothing).
import type { RecordItem } from '../manscdp/messages/record-info';
import { recordItemKey } from '../manscdp/messages/record-info';

/** Bound on the items one answer may hold (a peer decides how many it sends). */
export const MAX_RECORD_ITEMS = 20_000;

export class RecordMerge {
  private readonly items = new Map<string, RecordItem>();
  /** The largest SumNum any part gave; undefined until a part says. */
  expected: number | undefined;
  parts = 0;
  duplicates = 0;
  /** Items left out because the bound was reached. */
  dropped = 0;

  /** Adds one part; returns true when it brought something new. */
  add(part: { sumNum?: number; items: RecordItem[] }): boolean {
    this.parts++;
    if (part.sumNum !== undefined && part.sumNum >= 0) this.expected = Math.max(this.expected ?? 0, part.sumNum);
    let added = false;
    for (const it of part.items) {
      const key = recordItemKey(it);
      if (this.items.has(key)) {
        this.duplicates++;
        continue;
      }
      if (this.items.size >= MAX_RECORD_ITEMS) {
        this.dropped++;
        continue;
      }
      this.items.set(key, it);
      added = true;
    }
    return added;
  }

  get received(): number {
    return this.items.size;
  }

  /** SumNum distinct items are held (SumNum 0: an empty answer is complete). */
  get complete(): boolean {
    return this.expected !== undefined && this.items.size >= this.expected;
  }

  /** Items beyond SumNum (the device undercounted). */
  get beyondSumNum(): number {
    return this.expected === undefined ? 0 : Math.max(0, this.items.size - this.expected);
  }

  list(): RecordItem[] {
    return [...this.items.values()].sort((a, b) => (a.start?.getTime() ?? 0) - (b.start?.getTime() ?? 0));
  }
}
