import { afterEach, describe, expect, it } from 'vitest';
import { ftsTrigrams } from './query';
import { SignallingReader } from './reader';
import { tempDb } from './testing/db';
import { record, register, response } from './testing/messages';
import { SignallingWriter } from './writer';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('text search over the position-less trigram index', () => {
  it('asks for every trigram of a short text and a spread of a long one', () => {
    expect(ftsTrigrams('WWW-Au')).toBe('"WWW" AND "WW-" AND "W-A" AND "-Au"');
    expect(ftsTrigrams('say "hi"')).toContain('"y """');
    const long = ftsTrigrams('x'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP');
    expect(long.split(' AND ')).toHaveLength(25);
    expect(long.endsWith('"NOP"')).toBe(true);
  });

  it('finds the text only where it stands in sequence, though other messages hold all its trigrams', () => {
    const t = tempDb();
    cleanup = t.cleanup;
    const w = new SignallingWriter(t.db);
    const reader = new SignallingReader(t.db);
    // Both hold the trigrams of "Unauthorized"; only the first holds the word.
    w.onMessage(record(response(401, 'Unauthorized', 'REGISTER', 1, 'c-1', 'a', 'b'), 'out', 1));
    w.onMessage(record(response(403, 'Unaut Unauth uthori thorized', 'REGISTER', 1, 'c-2', 'a', 'b'), 'out', 2));
    w.onMessage(record(register(), 'in', 3));
    w.flush();
    expect(reader.query({ text: 'unauthorized' }).messages.map((m) => m.callId)).toEqual(['c-1']);
    expect(reader.query({ text: 'nauth' }).messages.map((m) => m.callId)).toEqual(['c-2', 'c-1']);
  });
});
