import { describe, expect, it } from 'vitest';
import { Listeners } from './listeners';

describe('Listeners', () => {
  it('calls every callback in order and stops calling a removed one', () => {
    const seen: string[] = [];
    const l = new Listeners<[string]>();
    const offA = l.add((v) => seen.push(`a${v}`));
    l.add((v) => seen.push(`b${v}`));
    l.emit('1');
    offA();
    l.emit('2');
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(l.size).toBe(1);
  });

  it('a throwing callback does not stop the others; the error goes to onError', () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const l = new Listeners<[number]>((err) => errors.push(err));
    l.add(() => {
      throw new Error('boom');
    });
    l.add((n) => seen.push(n));
    l.emit(7);
    expect(seen).toEqual([7]);
    expect((errors[0] as Error).message).toBe('boom');
  });

  it('without onError the first error is rethrown after every callback ran', () => {
    const seen: number[] = [];
    const l = new Listeners<[]>();
    l.add(() => {
      throw new Error('first');
    });
    l.add(() => seen.push(1));
    expect(() => l.emit()).toThrow('first');
    expect(seen).toEqual([1]);
  });

  it('a callback removing itself during emit does not skip the next one', () => {
    const seen: string[] = [];
    const l = new Listeners<[]>();
    const off = l.add(() => {
      seen.push('once');
      off();
    });
    l.add(() => seen.push('next'));
    l.emit();
    l.emit();
    expect(seen).toEqual(['once', 'next', 'next']);
  });
});
