// RFC 2617 §3.2.2 request-digest with MD5 (the only algorithm GB/T 28181 defines for REGISTER).
import { hash } from 'node:crypto';

export function md5Hex(s: string): string {
  return hash('md5', s, 'hex');
}

/** HA1 = MD5(username:realm:password) */
export function computeHa1(username: string, realm: string, password: string): string {
  return md5Hex(`${username}:${realm}:${password}`);
}

export interface ResponseInput {
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  /** "auth" or absent (RFC 2069 compatibility form). */
  qop?: string;
  /** The nc value exactly as it appears on the wire, e.g. "00000001". */
  nc?: string;
  cnonce?: string;
}

/** response = MD5(HA1:nonce:nc:cnonce:qop:HA2) with qop, MD5(HA1:nonce:HA2) without; HA2 = MD5(method:uri). */
export function computeResponse(input: ResponseInput): string {
  const ha2 = md5Hex(`${input.method}:${input.uri}`);
  if (input.qop) {
    return md5Hex(`${input.ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
  }
  return md5Hex(`${input.ha1}:${input.nonce}:${ha2}`);
}
