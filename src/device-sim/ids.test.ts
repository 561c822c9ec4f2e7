import { describe, expect, it } from 'vitest';
import { businessGroupIdAt, channelIdAt, deviceIdAt, maxDevicesFor, virtualOrgIdAt } from './ids';

const BASE = '34020000001320000001';

describe('simulated IDs', () => {
  it('numbers devices from the base serial and keeps domain, type and network digit', () => {
    expect(deviceIdAt(BASE, 0)).toBe(BASE);
    expect(deviceIdAt(BASE, 41)).toBe('34020000001320000042');
  });

  it('gives channels camera type 131 with serials no two devices share', () => {
    const plan = { base: BASE, channelsPerDevice: 4 };
    const all = new Set<string>();
    for (let d = 0; d < 50; d++) for (let c = 0; c < 4; c++) all.add(channelIdAt(plan, d, c));
    expect(all.size).toBe(200);
    expect(channelIdAt(plan, 0, 0)).toBe('34020000001310000001');
    expect([...all].every((id) => id.slice(10, 13) === '131')).toBe(true);
    expect(channelIdAt({ base: '34020000001310000001', channelsPerDevice: 1 }, 0, 0).slice(10, 13)).toBe('132');
  });

  it('types the organisation nodes 215 and 216', () => {
    expect(businessGroupIdAt(BASE, 3).slice(10, 13)).toBe('215');
    expect(virtualOrgIdAt(BASE, 3, 0)).not.toBe(virtualOrgIdAt(BASE, 3, 1));
    expect(virtualOrgIdAt(BASE, 3, 1).slice(10, 13)).toBe('216');
  });

  it('refuses a bad base and serial overflow with a sentence naming the flag', () => {
    expect(() => deviceIdAt('3402', 0)).toThrow(/--id-base must be a 20-digit/);
    expect(() => deviceIdAt('34020000001320999999', 1)).toThrow(/does not fit 6 digits/);
    expect(maxDevicesFor({ base: BASE, channelsPerDevice: 4 })).toBe(249_999);
    expect(maxDevicesFor({ base: BASE, channelsPerDevice: 1 })).toBe(499_999);
    expect(maxDevicesFor({ base: '34020000001320900001', channelsPerDevice: 4 })).toBe(24_999);
  });
});
