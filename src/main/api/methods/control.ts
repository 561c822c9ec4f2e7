// device.control and device.config.* over device control. Params arrive checked (params/control-schemas.ts).
import type { ConfigControl } from '../../gb28181/control/config-control';
import type { DeviceCommands } from '../../gb28181/control/device-commands';
import type { ApiHandlers } from '../handlers';

export type ControlMethodName = 'device.control' | 'device.config.get' | 'device.config.set';

export function controlMethods(commands: DeviceCommands, config: ConfigControl): Pick<ApiHandlers, ControlMethodName> {
  return {
    'device.control': (p) => commands.run(p.deviceId, p.channelId, p.command, { presetIndex: p.presetIndex, resetTime: p.resetTime }),
    'device.config.get': async (p) => ({ panels: await config.get(p.deviceId, p.channelId, p.types) }),
    'device.config.set': (p) => config.set(p.deviceId, p.channelId, p),
  };
}
