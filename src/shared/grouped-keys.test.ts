import { describe, expect, it } from 'vitest';
import { GroupedKeys } from './grouped-keys';

describe('GroupedKeys', () => {
  it("gives one owner's keys, a copy safe to delete from, and forgets an owner with none left", () => {
    const g = new GroupedKeys();
    g.add('a', 'a|1');
    g.add('a', 'a|2');
    g.add('a', 'a|2');
    g.add('b', 'b|1');
    expect(g.of('a')).toEqual(['a|1', 'a|2']);
    expect(g.of('c')).toEqual([]);
    for (const k of g.of('a')) g.delete('a', k);
    expect(g.of('a')).toEqual([]);
    expect(g.owners).toBe(1);
    g.delete('b', 'b|9');
    expect(g.of('b')).toEqual(['b|1']);
  });
});
