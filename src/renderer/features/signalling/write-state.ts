// What the log's writer has not done yet, from 'server.stats': messages shed since the server started (the write
// queue and its spool are bounded, README "What runs where") and a backlog still to be written. Said above the
// table, so a short or empty list is not taken for a quiet site.
import type { ServerStats } from '../../../shared/contract';

/**
 * A backlog this long is said. A quiet site's messages wait up to about a second to be written together, so a few
 * hundred waiting is normal; thousands mean the writer is behind (a storm, or a machine busy with other work).
 */
export const BACKLOG_SAID_FROM = 1000;

export interface WriteState {
  /** Messages not stored since the server started. */
  notStored: number;
  /** Messages waiting to be written, when enough to say. */
  waiting: number;
}

export function writeStateOf(stats: Pick<ServerStats, 'logDropped' | 'logQueued'> | null): WriteState {
  const queued = stats?.logQueued ?? 0;
  return { notStored: stats?.logDropped ?? 0, waiting: queued >= BACKLOG_SAID_FROM ? queued : 0 };
}
