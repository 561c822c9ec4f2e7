// The keepalive target's verdict for a measured minute at the real rate (bench:register).

export interface KeepaliveMinute {
  /** Keepalives sipp was asked to make in the minute. */
  calls: number;
  ok: number;
  failed: number;
  /** What sipp said on stderr. */
  said: string;
  cpuPercent: number;
  rssKb: number;
}

/** Under 5 % of a core and 300 MB resident; a minute in which sipp did not make every keepalive measured nothing. */
export function keepaliveVerdict(m: KeepaliveMinute): string {
  const made = m.ok + m.failed;
  if (made !== m.calls) return `NOT measured (sipp made ${made} of ${m.calls} keepalives${m.said ? `: ${m.said}` : ''})`;
  return m.failed === 0 && m.cpuPercent < 5 && m.rssKb < 300 * 1024 ? 'met' : 'NOT met';
}
