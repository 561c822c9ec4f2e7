import { isGbId, typeCode } from './gb-id';
import { typeName } from './type-names';

export type Validation = { ok: true; warning?: string } | { ok: false; reason: string };

/** Makes untrusted text safe to quote in a log line or a SIP reason phrase (no control chars, bounded). */
export function printable(s: string, max = 40): string {
  const clean = s.replace(/[\x00-\x1f\x7f"]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

function digitsProblem(what: string, s: string): string | undefined {
  if (s.length !== 20) return `${what} must be 20 digits; got ${s.length}`;
  if (!/^\d+$/.test(s)) return `${what} must be 20 digits (0-9 only); "${printable(s)}" has other characters`;
  return undefined;
}

export function validateServerId(id: string): Validation {
  const problem = digitsProblem('server ID', id);
  if (problem) return { ok: false, reason: problem };
  const code = typeCode(id)!;
  if (code !== '200') {
    const name = typeName(code);
    return {
      ok: true,
      warning: `server ID ${id} has type code ${code}${name ? ` (${name})` : ''}; a SIP server is normally 200`,
    };
  }
  return { ok: true };
}

/** The SIP domain must be the first 10 digits of the server ID (GB/T 28181 Annex D). */
export function validateDomain(domain: string, serverId: string): Validation {
  if (!/^\d{10}$/.test(domain)) {
    const hint = isGbId(serverId) ? `, i.e. ${serverId.slice(0, 10)}` : '';
    return { ok: false, reason: `domain must be 10 digits; got "${printable(domain)}"${hint}` };
  }
  if (isGbId(serverId) && serverId.slice(0, 10) !== domain) {
    return {
      ok: false,
      reason: `domain must be the first 10 digits of the server ID ${serverId}, i.e. ${serverId.slice(0, 10)}`,
    };
  }
  return { ok: true };
}

/**
 * Reason phrase for the 403 sent to a device whose ID is not a GB ID, or undefined when the ID is fine.
 * ASCII only, so it survives any device's SIP parser.
 */
export function reasonForBadDeviceId(id: string): string | undefined {
  if (isGbId(id)) return undefined;
  if (id.length === 0) return 'Device ID missing; it must be 20 digits';
  const shown = printable(id).replace(/[^\x20-\x7e]/g, '?');
  if (!/^\d+$/.test(id)) return `Device ID ${shown} must be 20 digits (0-9 only)`;
  return `Device ID ${shown} must be 20 digits; got ${id.length}`;
}
