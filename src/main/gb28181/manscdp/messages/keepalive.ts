// Keepalive notify (GB/T 28181-2016 A.2.5): Status OK/ERROR, optional Info listing faulty sub-devices.
import type { DecodedBody, ManscdpDoc } from '../codec';
import { all, child, str, type Sn } from '../fields';
import { textOf } from '../codec';
import { doc } from './common';

export interface Keepalive {
  deviceId: string;
  sn: string;
  /** Status as sent (normally OK / ERROR); "" when absent. */
  status: string;
  /** True unless Status says otherwise (absent counts as OK: some devices omit it). */
  healthy: boolean;
  /** Info/DeviceID entries: sub-devices reported as faulty. */
  faultyDeviceIds: string[];
}

export function buildKeepalive(o: { sn: Sn; deviceId: string; status?: string; faultyDeviceIds?: string[] }): ManscdpDoc {
  const info = o.faultyDeviceIds?.length ? { DeviceID: o.faultyDeviceIds } : undefined;
  return doc('Notify', 'Keepalive', o.sn, o.deviceId, { Status: o.status ?? 'OK', Info: info });
}

export function parseKeepalive(m: DecodedBody): Keepalive {
  const status = str(m.fields, 'Status') ?? '';
  const faultyDeviceIds = all(child(m.fields, 'Info'), 'DeviceID')
    .map((n) => textOf(n)?.trim() ?? '')
    .filter(Boolean);
  return { deviceId: m.deviceId, sn: m.sn, status, healthy: status === '' || status.toUpperCase() === 'OK', faultyDeviceIds };
}
