// The NVR with three channels (one online, one off, one reporting ONLINE) and the camera that the GB server tests
// and the device API tests register over an in-memory network, and the list of what a test opened, closed after it.
import { afterEach } from 'vitest';
import type { Clock } from '../../../sip/timers/clock';
import type { InMemoryNetwork } from '../../../sip/transport/memory';
import { SERVER_ADDR } from './harness';
import { TestDevice, type ItemInput, type TestDeviceOptions } from './test-device';

export const NVR = '34020000001180000001';
export const CAM = '34020000001320000001';
export const T0 = Date.UTC(2024, 7, 20, 7, 0, 0);

export const CHANNELS: ItemInput[] = [
  { deviceId: '34020000001320000011', name: 'Gate', manufacturer: 'Hik', statusRaw: 'ON', parentId: NVR, civilCode: '340200', info: { ptzType: 1, other: {} }, parentIds: [], other: {} },
  { deviceId: '34020000001320000012', name: 'Yard', statusRaw: 'OFF', parentId: NVR, parentIds: [], other: {} },
  { deviceId: '34020000001320000013', name: 'Lobby', statusRaw: 'ONLINE', parentId: NVR, parentIds: [], other: {} },
];

export interface Closable {
  close(): Promise<void>;
}

/** A list to push what a test opens on: after each test its items close, last opened first, and it is emptied. */
export function closedAfterEach(): Closable[] {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close().catch(() => undefined);
  });
  return open;
}

/**
 * Makes test devices on `net` (UDP, each on the next port from 5060) registering to SERVER_ADDR with password
 * 12345678, the NVR's DeviceInfo and CHANNELS as their catalog unless `extra` says otherwise; each is pushed on `open`.
 */
export function deviceMaker(net: InMemoryNetwork, clock: Clock, open: Closable[]) {
  let port = 5060;
  return (id: string, extra: Partial<TestDeviceOptions> = {}, addr = '10.0.0.7'): TestDevice => {
    const transport = net.transport('UDP', { address: addr, port: port++ });
    const d = new TestDevice({ id, password: '12345678', transport, server: SERVER_ADDR, clock, catalog: CHANNELS, info: { deviceName: 'NVR-1', manufacturer: 'Hikvision', model: 'DS-7608', firmware: 'V4.1' }, ...extra });
    open.push(d);
    return d;
  };
}
