import { describe, expect, it } from 'vitest';
import { ChannelTable } from './channel-table';
import type { CatalogEntry } from './channel-map';

const DEV = '34020000001320000001';
const CH = '34020000001310000001';

function entry(name: string, event?: string): CatalogEntry {
  const raw: Record<string, string> = { DeviceID: CH, Name: name, Status: 'ON' };
  if (event) raw.Event = event;
  return { item: { deviceId: CH, name, online: true, ...(event ? { event } : {}) } as CatalogEntry['item'], raw: raw as unknown as CatalogEntry['raw'] };
}

describe('ChannelTable.rename', () => {
  it('keeps the installer\'s name across a catalog and a NOTIFY UPDATE, and gives back the device\'s own name when cleared', () => {
    const table = new ChannelTable();
    table.applyCatalog(DEV, [entry('IP CAMERA')], true, 1);
    expect(table.rename(DEV, CH, '  东门入口 ', 2)).toMatchObject({ name: '东门入口', customName: '东门入口' });

    table.applyCatalog(DEV, [entry('IP CAMERA')], true, 3);
    expect(table.of(DEV)[0]).toMatchObject({ name: '东门入口', customName: '东门入口' });
    table.applyChanges(DEV, [entry('Camera 01', 'UPDATE')], 4);
    expect(table.of(DEV)[0]).toMatchObject({ name: '东门入口', customName: '东门入口' });

    expect(table.rename(DEV, CH, '', 5)).toMatchObject({ name: 'Camera 01', customName: null });
    table.applyCatalog(DEV, [entry('Camera 02')], true, 6);
    expect(table.of(DEV)[0].name).toBe('Camera 02');
  });

  it('answers undefined for a channel it does not know', () => {
    expect(new ChannelTable().rename(DEV, CH, 'x', 1)).toBeUndefined();
  });
});

describe('ChannelTable.changedAt', () => {
  it('moves on every change to a device\'s list, later each time even within one millisecond, and not on a NOTIFY that changes nothing', () => {
    const stored = new ChannelTable().applyCatalog(DEV, [entry('IP CAMERA')], true, 1).saved;
    const table = new ChannelTable();
    table.load(stored);
    expect(table.changedAt(DEV)).toBeUndefined();

    table.applyCatalog(DEV, [entry('IP CAMERA')], true, 100);
    expect(table.changedAt(DEV)).toBe(100);
    table.applyChanges(DEV, [entry('IP CAMERA', 'OFF')], 100);
    expect(table.changedAt(DEV)).toBe(101);
    table.rename(DEV, CH, '东门', 100);
    expect(table.changedAt(DEV)).toBe(102);
    table.applyChanges(DEV, [{ ...entry('x', 'DEL'), item: { ...entry('x', 'DEL').item, deviceId: '34020000001310000099' } }], 500);
    expect(table.changedAt(DEV)).toBe(102);
    table.applyChanges(DEV, [entry('IP CAMERA', 'DEL')], 500);
    expect(table.changedAt(DEV)).toBe(500);
    table.load(stored, 700);
    expect(table.changedAt(DEV)).toBe(700);
    table.forget(DEV);
    expect(table.changedAt(DEV)).toBeUndefined();
  });
});
