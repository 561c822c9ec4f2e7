import { describe, expect, it } from 'vitest';
import { BACKLOG_SAID_FROM, writeStateOf } from './write-state';

describe('the log writer state said in the Signalling tab', () => {
  it('says nothing before the first stats and on a quiet site whose messages wait their second', () => {
    expect(writeStateOf(null)).toEqual({ notStored: 0, waiting: 0 });
    expect(writeStateOf({ logDropped: 0, logQueued: 240 })).toEqual({ notStored: 0, waiting: 0 });
  });

  it('says a backlog once it is long, and every message shed since start', () => {
    expect(writeStateOf({ logDropped: 0, logQueued: BACKLOG_SAID_FROM })).toEqual({ notStored: 0, waiting: BACKLOG_SAID_FROM });
    expect(writeStateOf({ logDropped: 1, logQueued: 3 })).toEqual({ notStored: 1, waiting: 0 });
    expect(writeStateOf({ logDropped: 52_000, logQueued: 48_000 })).toEqual({ notStored: 52_000, waiting: 48_000 });
  });
});
