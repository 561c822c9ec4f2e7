// The PTZ commands of one channel, as the hold controller and panels call them.
import type { ControlOutcome, DragZoomBox } from '../../../shared/contract';
import { api } from '../../api/client';
import type { PtzCommands } from './hold';

export interface ChannelRef {
  deviceId: string;
  channelId: string;
}

export interface ChannelPtz extends PtzCommands {
  dragZoom(box: DragZoomBox, direction: 'in' | 'out'): Promise<ControlOutcome>;
}

export function channelCommands(ref: ChannelRef): ChannelPtz {
  const at = { deviceId: ref.deviceId, channelId: ref.channelId };
  return {
    move: (a, speed) => api.invoke('ptz.move', { ...at, ...a, speed }),
    focus: (focus, speed) => api.invoke('ptz.focus', { ...at, focus, speed }),
    iris: (iris, speed) => api.invoke('ptz.iris', { ...at, iris, speed }),
    stop: () => api.invoke('ptz.stop', at),
    dragZoom: (box, direction) => api.invoke('ptz.dragZoom', { ...at, ...box, direction }),
  };
}
