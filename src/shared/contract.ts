// The whole API as one typed map: request methods (name -> params -> result) and events (name -> payload).
// The API service implements it once; IPC (Electron) and HTTP + WebSocket (headless) both carry it.
import type { Settings, SettingKey, SettingSource } from './settings';
import type {
  Channel,
  DeviceDetails,
  DeviceSummary,
  MediaTransport,
  OrgTreeNode,
  RegistrationFailure,
} from './types/devices';
import type { LiveEnded, LiveSession } from './types/live';
import type { DownloadList, DownloadView, PlaybackAction, PlaybackEnded, PlaybackStarted, RecordQueryResult, RecordType } from './types/recordings';
import type { LogExportResult, LogFilter, LogMessage, LogMessageDetail, LogQuery, LogQueryResult } from './types/signalling';

export type * from './types/devices';
export type * from './types/live';
export type * from './types/recordings';
export type * from './types/signalling';

export interface ListenAddress {
  transport: 'udp' | 'tcp';
  ip: string;
  port: number;
}

export interface ServerStatus {
  productName: string;
  version: string;
  sipId: string;
  domain: string;
  sipListen: ListenAddress[];
  /** Console URL in the headless shell; null inside Electron. */
  httpUrl: string | null;
  startedAt: number;
  uptimeSec: number;
  dataDir: string;
}

export interface SettingsView {
  /** The password is MASKED_SECRET unless settings.get was asked to reveal it. */
  values: Settings;
  sources: Record<SettingKey, SettingSource>;
  /** Bearer token every HTTP API call needs (new each run; settings.rotateToken replaces it); masked like the password. */
  apiToken: string;
}

/** Stands in for a secret in a settings view; settings.update ignores it as a password (nothing changed). */
export const MASKED_SECRET = '••••••••';

export interface SettingsUpdateResult {
  settings: SettingsView;
  /** Keys whose new value applies after a restart (sockets already bound). */
  restartRequired: SettingKey[];
  /** Keys stored but still overridden by a command-line flag. */
  overriddenByFlag: SettingKey[];
}

/** Counters for the status bar, pushed every second. */
export interface ServerStats {
  devicesOnline: number;
  devicesTotal: number;
  sessionsOpen: number;
  messagesPerSec: number;
  /** Signalling log messages dropped because writing fell behind (the write queue is bounded). */
  logDropped?: number;
  /** Days of signalling log the size limit (logMaxMb) holds at the last day's rate; null until known. */
  logDaysAtLimit?: number | null;
  /** Event-stream clients the HTTP API disconnected for reading too slowly since start (headless shell only). */
  eventClientsDropped?: number;
}

export interface SimulatedDevicesView {
  deviceIds: string[];
}

type NoParams = Record<string, never>;

export interface ApiMethods {
  'server.status': { params: NoParams; result: ServerStatus };
  'server.stats': { params: NoParams; result: ServerStats };
  /** reveal: true returns the password and the API token; otherwise they are MASKED_SECRET. */
  'settings.get': { params: { reveal?: boolean }; result: SettingsView };
  /** Replaces the API token; callers holding the old one (sockets included) are cut off. */
  'settings.rotateToken': { params: NoParams; result: { apiToken: string } };
  'settings.update': { params: Partial<Settings>; result: SettingsUpdateResult };

  'device.list': { params: NoParams; result: DeviceSummary[] };
  'device.get': { params: { deviceId: string }; result: DeviceDetails };
  /** Adds a device to the allowlist (or pre-configures it) before it registers. */
  'device.add': { params: { deviceId: string; name?: string; password?: string }; result: DeviceSummary };
  'device.update': {
    params: { deviceId: string; name?: string; password?: string | null; mediaTransport?: MediaTransport };
    result: DeviceSummary;
  };
  'device.remove': { params: { deviceId: string }; result: { removed: boolean } };
  'device.refresh': { params: { deviceId: string; what: 'info' | 'status' | 'catalog' }; result: DeviceDetails };
  'channel.list': { params: { deviceId?: string }; result: Channel[] };
  'channel.tree': { params: NoParams; result: OrgTreeNode[] };
  'registration.failures': { params: NoParams; result: RegistrationFailure[] };
  'registration.clearFailure': { params: { deviceId: string }; result: { cleared: boolean } };
  /** Lifts registration locks on a device ID (from every address), on a source IP, or both; says how many. */
  'registration.unlock': { params: { deviceId?: string; ip?: string }; result: { unlocked: number } };

  'log.query': { params: LogQuery; result: LogQueryResult };
  'log.get': { params: { id: number }; result: LogMessageDetail };
  'log.call': { params: { callId: string }; result: LogMessageDetail[] };
  'log.export': { params: LogFilter & { format: 'text' | 'pcap' }; result: LogExportResult };

  'live.start': { params: { deviceId: string; channelId: string; transport?: MediaTransport }; result: LiveSession };
  'live.stop': { params: { sessionId: string }; result: { stopped: boolean } };
  'live.list': { params: NoParams; result: LiveSession[] };

  /** Times are Unix seconds. Partial answers come back with complete: false (ask again for more). */
  'record.query': { params: { deviceId: string; channelId: string; start: number; end: number; type?: RecordType }; result: RecordQueryResult };
  /** Frames on the /api/media socket, as for live view. */
  'playback.start': { params: { deviceId: string; channelId: string; start: number; end: number }; result: PlaybackStarted };
  /** seek: Unix seconds inside the range; speed: 0.25..8. */
  'playback.control': { params: { sessionId: string; action: PlaybackAction; value?: number }; result: { ok: true } };
  'playback.stop': { params: { sessionId: string }; result: { stopped: boolean } };
  /** speed: a=downloadspeed 1, 2, 4 or 8 (default the fastest the channel allows, at most 4). */
  'download.start': { params: { deviceId: string; channelId: string; start: number; end: number; speed?: number }; result: { downloadId: string } };
  'download.cancel': { params: { downloadId: string }; result: { cancelled: boolean } };
  'download.list': { params: NoParams; result: DownloadList };

  'sim.start': { params: { count?: number; channels?: number; transport?: 'udp' | 'tcp'; wrongPassword?: boolean }; result: SimulatedDevicesView };
  'sim.stop': { params: NoParams; result: SimulatedDevicesView };
  'sim.list': { params: NoParams; result: SimulatedDevicesView };
}

export interface ApiEvents {
  'server.statusChanged': ServerStatus;
  'server.stats': ServerStats;
  'device.online': DeviceSummary;
  'device.offline': DeviceSummary & { reason: string };
  'device.updated': DeviceSummary;
  'device.removed': { deviceId: string };
  /** The device's whole channel list after a change (so removed channels disappear). */
  'channel.changed': { deviceId: string; channels: Channel[] };
  'registration.failed': RegistrationFailure;
  'log.message': LogMessage[];
  'live.started': LiveSession;
  'live.stats': LiveSession[];
  'live.ended': LiveEnded;
  'playback.ended': PlaybackEnded;
  /** About once a second per running download, and on every state change. */
  'download.progress': DownloadView;
  /** A download reached done, truncated, failed or cancelled. */
  'download.done': DownloadView;
}

export type ApiMethodName = keyof ApiMethods;
export type ApiEventName = keyof ApiEvents;
export type ParamsOf<M extends ApiMethodName> = ApiMethods[M]['params'];
export type ResultOf<M extends ApiMethodName> = ApiMethods[M]['result'];

/** Runtime lists of the contract's names; a missing or extra key is a compile error. */
export const API_METHODS: { [M in ApiMethodName]: true } = {
  'server.status': true,
  'server.stats': true,
  'settings.get': true,
  'settings.rotateToken': true,
  'settings.update': true,
  'device.list': true,
  'device.get': true,
  'device.add': true,
  'device.update': true,
  'device.remove': true,
  'device.refresh': true,
  'channel.list': true,
  'channel.tree': true,
  'registration.failures': true,
  'registration.clearFailure': true,
  'registration.unlock': true,
  'log.query': true,
  'log.get': true,
  'log.call': true,
  'log.export': true,
  'live.start': true,
  'live.stop': true,
  'live.list': true,
  'record.query': true,
  'playback.start': true,
  'playback.control': true,
  'playback.stop': true,
  'download.start': true,
  'download.cancel': true,
  'download.list': true,
  'sim.start': true,
  'sim.stop': true,
  'sim.list': true,
};
export const API_EVENTS: { [E in ApiEventName]: true } = {
  'server.statusChanged': true,
  'server.stats': true,
  'device.online': true,
  'device.offline': true,
  'device.updated': true,
  'device.removed': true,
  'channel.changed': true,
  'registration.failed': true,
  'log.message': true,
  'live.started': true,
  'live.stats': true,
  'live.ended': true,
  'playback.ended': true,
  'download.progress': true,
  'download.done': true,
};

export function isApiMethod(name: string): name is ApiMethodName {
  return Object.prototype.hasOwnProperty.call(API_METHODS, name);
}
export function isApiEvent(name: string): name is ApiEventName {
  return Object.prototype.hasOwnProperty.call(API_EVENTS, name);
}

export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_setting'
  | 'unknown_method'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'timeout'
  | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Per-field reasons, e.g. for invalid settings. */
  details?: Record<string, string>;
}

/** The bridge both shells give the renderer: `window.gb` in Electron, an HTTP + WebSocket client otherwise. */
export interface GbBridge {
  invoke<M extends ApiMethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** Live-view frames inside Electron (the headless shell uses the /api/media WebSocket instead). */
export interface MediaHandlers {
  /** One frame in the src/shared/media-frames.ts format. */
  onFrame(message: Uint8Array): void;
  /** The channel ended: MEDIA_CLOSE code and a sentence for the installer. */
  onEnd(code: number, reason: string): void;
}

export interface GbMediaBridge {
  /** Opens the frame channel of a live session; returns a function that closes it. */
  openMedia(sessionId: string, handlers: MediaHandlers): () => void;
}

/** IPC channel names used by the Electron shell. */
export const IPC_INVOKE_CHANNEL = 'gb:invoke';
export const IPC_EVENT_CHANNEL = 'gb:event';
export const IPC_MEDIA_OPEN = 'gb:media-open';
export const IPC_MEDIA_PORT = 'gb:media-port';

/** Messages on an Electron media MessagePort besides frames (which are Uint8Arrays). */
export type MediaPortControl = { ack: number } | { close: true } | { end: { code: number; reason: string } };

/** Results over IPC travel as a tagged union so errors keep their code across the process boundary. */
export type IpcResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
