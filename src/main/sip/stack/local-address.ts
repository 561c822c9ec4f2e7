import os from 'node:os';

export function isUnspecified(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '';
}

/** The address to advertise when bound to every interface: the first non-loopback IPv4, else 127.0.0.1. */
export function firstLanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return '127.0.0.1';
}
