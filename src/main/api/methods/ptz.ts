// ptz.* methods over PTZ control. Params arrive checked (params/control-schemas.ts). A move remembers the API
// client that started it (caller.clientId), so a stop goes out when that client disconnects.
import type { PtzControl } from '../../gb28181/control/ptz-control';
import type { ApiHandlers } from '../handlers';

export type PtzMethodName =
  | 'ptz.move'
  | 'ptz.stop'
  | 'ptz.focus'
  | 'ptz.iris'
  | 'ptz.preset'
  | 'ptz.presets'
  | 'ptz.presetName'
  | 'ptz.cruise'
  | 'ptz.scan'
  | 'ptz.aux'
  | 'ptz.dragZoom'
  | 'ptz.homePosition'
  | 'ptz.precise'
  | 'ptz.position';

export function ptzMethods(ptz: PtzControl): Pick<ApiHandlers, PtzMethodName> {
  return {
    'ptz.move': (p, caller) => ptz.move(p.deviceId, p.channelId, p.pan, p.tilt, p.zoom, p.speed, caller?.clientId),
    'ptz.stop': (p) => ptz.stop(p.deviceId, p.channelId),
    'ptz.focus': (p, caller) =>
      ptz.lens(p.deviceId, p.channelId, { focus: p.focus === 'stop' ? undefined : p.focus, speed: p.speed ?? 50 }, caller?.clientId),
    'ptz.iris': (p, caller) => ptz.lens(p.deviceId, p.channelId, { iris: p.iris === 'stop' ? undefined : p.iris, speed: p.speed ?? 50 }, caller?.clientId),
    'ptz.preset': (p) => ptz.preset(p.deviceId, p.channelId, p.action, p.index, p.name),
    'ptz.presets': (p) => ptz.presets(p.deviceId, p.channelId),
    'ptz.presetName': (p) => ptz.renamePreset(p.deviceId, p.channelId, p.index, p.name),
    'ptz.cruise': (p) => ptz.cruise(p.deviceId, p.channelId, p.group, p.action, p.preset, p.value),
    'ptz.scan': (p) => ptz.scan(p.deviceId, p.channelId, p.group, p.action, p.value),
    'ptz.aux': (p) => ptz.aux(p.deviceId, p.channelId, p.aux, p.on),
    'ptz.dragZoom': ({ deviceId, channelId, direction, ...box }) => ptz.dragZoom(deviceId, channelId, direction, box),
    'ptz.homePosition': (p) => ptz.homePosition(p.deviceId, p.channelId, p.enabled, p.resetTime, p.presetIndex),
    'ptz.precise': (p) => ptz.precise(p.deviceId, p.channelId, { pan: p.pan, tilt: p.tilt, zoom: p.zoom }),
    'ptz.position': (p) => ptz.position(p.deviceId, p.channelId),
  };
}
