// The keys of a map grouped by their owner (a device), so that one owner's entries are found without going
// through everyone's: ending a device's waits when it goes offline must not cost as much as there are devices.

export class GroupedKeys {
  private readonly groups = new Map<string, Set<string>>();

  add(owner: string, key: string): void {
    let g = this.groups.get(owner);
    if (g === undefined) this.groups.set(owner, (g = new Set()));
    g.add(key);
  }

  delete(owner: string, key: string): void {
    const g = this.groups.get(owner);
    if (g === undefined) return;
    g.delete(key);
    if (g.size === 0) this.groups.delete(owner);
  }

  /** The owner's keys, copied: the caller may delete them as it goes. */
  of(owner: string): string[] {
    const g = this.groups.get(owner);
    return g === undefined ? [] : [...g];
  }

  /** Owners with at least one key. */
  get owners(): number {
    return this.groups.size;
  }
}
