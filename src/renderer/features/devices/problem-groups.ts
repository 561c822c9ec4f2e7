// Registration problems searched and grouped by source address and reason, so 300 refused devices behind one
// NAT or one misconfigured batch read as a few lines. Pure functions.
import type { RegistrationFailure, RegistrationFailureReason } from '../../../shared/contract';

export interface ProblemGroup {
  key: string;
  ip: string;
  reason: RegistrationFailureReason;
  failures: RegistrationFailure[];
  attempts: number;
  lastAt: number;
}

/** The IP of "ip:port", "[v6]:port" or a bare address. */
export function sourceIp(address: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (v6) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(address);
  return v4 ? v4[1] : address;
}

/** Entries whose ID, address or wording (as `words` gives it, in the console's language) holds the query. */
export function searchFailures(list: readonly RegistrationFailure[], query: string, words: (f: RegistrationFailure) => string): RegistrationFailure[] {
  const q = query.normalize('NFKC').trim().toLowerCase();
  if (q === '') return [...list];
  return list.filter((f) => `${f.deviceId} ${f.address} ${words(f)}`.normalize('NFKC').toLowerCase().includes(q));
}

/** Groups by source IP and reason, the group with the latest attempt first; entries keep their order. */
export function groupFailures(list: readonly RegistrationFailure[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const f of list) {
    const ip = sourceIp(f.address);
    const key = `${ip}\u0000${f.reason}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ip, reason: f.reason, failures: [], attempts: 0, lastAt: 0 }));
    g.failures.push(f);
    g.attempts += f.count;
    g.lastAt = Math.max(g.lastAt, f.lastAt);
  }
  return [...groups.values()].sort((a, b) => b.lastAt - a.lastAt);
}
