import type { LogMessage } from '../../../shared/contract';

/** "REGISTER", "200 OK", "MESSAGE" — the request method or the response status line. */
export function methodOrStatus(m: LogMessage): string {
  if (m.method) return m.method;
  return m.status != null ? `${m.status}${m.reason ? ` ${m.reason}` : ''}` : '?';
}

/** Row tone: failures stand out (with text too, the status code itself). */
export function statusTone(m: LogMessage): string {
  if (m.status == null) return '';
  if (m.status >= 400) return 'tone-bad';
  if (m.status >= 200 && m.status < 300) return 'tone-ok';
  return '';
}
