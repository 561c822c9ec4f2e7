// What the log's writer has not done yet, from 'server.stats': messages shed since the server started (the write
// queue and its spool are bounded, README "What runs where") and messages still to be written once the oldest has
// waited long. Said above the table, so a short or empty list is not taken for a quiet site.
import type { ServerStats } from '../../../shared/contract';

/**
 * A quiet site's messages wait up to about a second to be written together, a storm's a few seconds; longer means
 * the writer is behind (a machine busy with other work: it yields the cores to everything else).
 */
export const BEHIND_SAID_FROM_MS = 5000;
/** Where the log engine does not say how long its messages waited: a backlog this long is said. */
export const BACKLOG_SAID_FROM = 1000;

export interface WriteState {
  /** Messages not stored since the server started. */
  notStored: number;
  /** Messages waiting to be written, when worth saying. */
  waiting: number;
  /** Seconds the oldest of them has waited, where the engine tracks it. */
  behindSec: number | null;
}

export function writeStateOf(stats: Pick<ServerStats, 'logDropped' | 'logQueued' | 'logBehindMs'> | null): WriteState {
  const queued = stats?.logQueued ?? 0;
  const behindMs = stats?.logBehindMs;
  const said = behindMs === undefined ? queued >= BACKLOG_SAID_FROM : behindMs >= BEHIND_SAID_FROM_MS && queued > 0;
  return {
    notStored: stats?.logDropped ?? 0,
    waiting: said ? queued : 0,
    behindSec: said && behindMs !== undefined ? Math.round(behindMs / 1000) : null,
  };
}
