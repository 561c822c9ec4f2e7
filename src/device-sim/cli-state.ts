// The `state` command of `npm run sim`: what a simulated device or channel holds now, as one JSON line, so a
// person at the terminal or a test driving the process can see each command's effect.
import type { SimDevice } from './device/device';
import { extrasOf } from './model/device-extras';

export function stateOf(device: SimDevice, id: string): object {
  const channelId = device.control.has(id) ? id : device.channelIds[0];
  return {
    deviceId: device.deviceId,
    channelId,
    name: device.config.name,
    keepaliveSec: device.config.keepaliveSec,
    keepaliveMaxFail: device.config.keepaliveMaxFail,
    expires: device.config.timing.expires,
    control: device.control.get(channelId) ?? null,
    ptz: device.ptz(channelId).snapshot(),
    configs: extrasOf(device).configs,
    alarmsRaised: extrasOf(device).alarms.length,
  };
}

/** `state <id> <json>`: the line the simulator prints. */
export function stateLine(device: SimDevice, id: string): string {
  return `state ${id} ${JSON.stringify(stateOf(device, id))}`;
}
