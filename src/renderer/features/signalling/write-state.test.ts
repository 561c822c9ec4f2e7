import { describe, expect, it } from 'vitest';
import { BACKLOG_SAID_FROM, BEHIND_SAID_FROM_MS, writeStateOf } from './write-state';

describe('the log writer state said in the Signalling tab', () => {
  it('says nothing before the first stats, nor while messages wait their usual second or a storm its few', () => {
    expect(writeStateOf(null)).toEqual({ notStored: 0, waiting: 0, behindSec: null });
    expect(writeStateOf({ logDropped: 0, logQueued: 240, logBehindMs: 900 })).toEqual({ notStored: 0, waiting: 0, behindSec: null });
    expect(writeStateOf({ logDropped: 0, logQueued: 30_000, logBehindMs: BEHIND_SAID_FROM_MS - 1 })).toEqual({ notStored: 0, waiting: 0, behindSec: null });
  });

  it('says how many wait and for how long once the oldest has waited long, even a few', () => {
    expect(writeStateOf({ logDropped: 0, logQueued: 4, logBehindMs: 42_400 })).toEqual({ notStored: 0, waiting: 4, behindSec: 42 });
  });

  it('goes by the backlog alone where the engine does not say how long it waited', () => {
    expect(writeStateOf({ logDropped: 0, logQueued: BACKLOG_SAID_FROM - 1 })).toEqual({ notStored: 0, waiting: 0, behindSec: null });
    expect(writeStateOf({ logDropped: 0, logQueued: BACKLOG_SAID_FROM })).toEqual({ notStored: 0, waiting: BACKLOG_SAID_FROM, behindSec: null });
  });

  it('says every message shed since start', () => {
    expect(writeStateOf({ logDropped: 1, logQueued: 3, logBehindMs: 200 })).toEqual({ notStored: 1, waiting: 0, behindSec: null });
    expect(writeStateOf({ logDropped: 52_000, logQueued: 48_000, logBehindMs: 61_000 })).toEqual({ notStored: 52_000, waiting: 48_000, behindSec: 61 });
  });
});
