import { describe, expect, it } from 'vitest';
import { FlagError, helpText, parseFlags } from './flags';

describe('--store', () => {
  it('names the engine: sqlite when absent, memory, or a PostgreSQL URL', () => {
    expect(parseFlags([]).store).toBeUndefined();
    expect(parseFlags(['--store', 'sqlite']).store).toEqual({ kind: 'sqlite' });
    expect(parseFlags(['--store=memory']).store).toEqual({ kind: 'memory' });
    expect(parseFlags(['--store', 'postgres://console:pw@10.0.0.5:5432/gb']).store).toEqual({ kind: 'postgres', url: 'postgres://console:pw@10.0.0.5:5432/gb' });
    expect(parseFlags(['--store', 'postgresql://db.site/gb']).store).toEqual({ kind: 'postgres', url: 'postgresql://db.site/gb' });
  });

  it('anything else is refused with the forms it takes', () => {
    for (const bad of ['mysql://x/y', 'redis://127.0.0.1', 'Memory2', 'postgres://']) {
      expect(() => parseFlags(['--store', bad])).toThrow(FlagError);
      expect(() => parseFlags(['--store', bad])).toThrow(/memory, sqlite or a PostgreSQL URL/);
    }
  });

  it('is listed in --help', () => {
    expect(helpText('serve')).toMatch(/--store ENGINE .*sqlite \(default/);
  });
});
