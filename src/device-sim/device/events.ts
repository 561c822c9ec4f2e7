import type { PtzCommand } from '../../main/gb28181/ptz';

/** What a device reports about itself; tests wait on these instead of sleeping. */
export interface DeviceEvents {
  registered: { expires: number; dateHeader: string | null; count: number };
  'register-failed': { status: number | undefined; reason: string; attempt: number; retryInMs: number };
  /** A 302 to REGISTER sent the device to another server (FieldBehaviour.follow302). */
  redirected: { to: string };
  unregistered: Record<string, never>;
  reboot: Record<string, never>;
  /** A network outage began (outage()); nothing is sent or answered for `ms`. */
  outage: { ms: number };
  'outage-ended': Record<string, never>;
  /** A request that arrived during an outage and was left unanswered. */
  'outage-dropped': { method: string };
  keepalive: { ok: boolean; status: number | undefined };
  /** A MANSCDP request arrived (after the 200 OK was sent). */
  message: { root: string; cmdType: string; sn: string; deviceId: string };
  /** A MESSAGE body that could not be read, or a handler that failed. */
  'bad-message': { reason: string };
  /** Our own MESSAGE (an answer, a notify) got its final response. */
  sent: { cmdType: string; status: number | undefined; error?: string };
  ptz: { channelId: string; command: PtzCommand | null; error?: string };
  control: { channelId: string; what: string; value: string };
  invite: { callId: string; channelId: string; sessionName: string; answered: boolean };
  'media-started': { callId: string; channelId: string; transport: string; ssrc: number };
  'media-ended': { callId: string; channelId: string; reason: 'bye' | 'end-of-file' | 'stopped' | 'connection-lost' | 'ack-timeout' | 'error'; detail?: string };
  /** Live: a keyframe went out, `frame` frames into the stream; `forced` when it answered an IFrame request. */
  'keyframe-sent': { callId: string; channelId: string; frame: number; forced: boolean };
  'media-status-sent': { callId: string; status: number | undefined };
  playback: { callId: string; method: string; rangeStartSec?: number; scale?: number };
  subscribed: { callId: string; cmdType: string; expires: number };
  unsubscribed: { callId: string; cmdType: string };
  'notify-sent': { callId: string; cmdType: string; status: number | undefined };
  'alarm-sent': { channelId: string; status: number | undefined };
}
