// Pure list operations of the live tail: newest first, no duplicates, bounded memory.
import type { LogMessage } from '../../../shared/contract';

/** Messages in `incoming` newer than everything in `list`, newest first. */
export function newerThan(list: readonly LogMessage[], incoming: readonly LogMessage[]): LogMessage[] {
  const newest = list.length > 0 ? list[0].id : -Infinity;
  return incoming.filter((m) => m.id > newest).sort((a, b) => b.id - a.id);
}

/** Puts newer messages on top; drops the oldest beyond `cap`. Returns whether any were dropped. */
export function prepend(list: readonly LogMessage[], newer: readonly LogMessage[], cap: number): { list: LogMessage[]; trimmed: boolean } {
  const seen = new Set<number>();
  const out: LogMessage[] = [];
  for (const m of newer) if (!seen.has(m.id)) seen.add(m.id), out.push(m);
  for (const m of list) if (!seen.has(m.id)) out.push(m);
  out.sort((a, b) => b.id - a.id);
  return out.length > cap ? { list: out.slice(0, cap), trimmed: true } : { list: out, trimmed: false };
}

/** Appends an older page (from `before`), skipping anything already listed. */
export function appendOlder(list: readonly LogMessage[], older: readonly LogMessage[]): LogMessage[] {
  const oldest = list.length > 0 ? list[list.length - 1].id : Infinity;
  return [...list, ...older.filter((m) => m.id < oldest).sort((a, b) => b.id - a.id)];
}
