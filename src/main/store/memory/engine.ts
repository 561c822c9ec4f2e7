// Nothing written anywhere: every table lives in this process and ends with it (QA runs, demos).
import type { StoreEngine } from '../engine';
import { MemoryAlarmEngine } from './alarm-engine';
import { MemoryDeviceEngine } from './device-engine';
import { MemorySettingsEngine } from './settings-engine';

export function memoryEngine(): StoreEngine {
  return {
    kind: 'memory',
    devices: new MemoryDeviceEngine(),
    settings: new MemorySettingsEngine(),
    alarms: new MemoryAlarmEngine(),
    async close() {},
  };
}
