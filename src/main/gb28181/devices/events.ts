// What the registry tells the rest of the program: the contract's device events through a narrow sink (the
// core hands it the event bus), and in-process notifications for other features.
import type { ApiEvents } from '../../../shared/contract';
import type { ServerText } from '../../../shared/texts';

export type DeviceEvents = Pick<ApiEvents, 'device.online' | 'device.offline' | 'device.updated' | 'device.removed' | 'channel.changed'>;

export interface DeviceEventSink {
  emit<E extends keyof DeviceEvents>(event: E, payload: DeviceEvents[E]): void;
}

/** Why a device went offline; `text` is the installer's sentence carried by the 'device.offline' event. */
export interface OfflineInfo {
  deviceId: string;
  cause: 'keepalive' | 'expired' | 'unregistered' | 'connection' | 'removed' | 'moved';
  text: string;
  /** The same as a code and parameters. */
  said?: ServerText;
}

export type RegistrationKind = 'new' | 'refresh';
