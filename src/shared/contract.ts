// The whole API as one typed map: request methods (name -> params -> result) and events (name -> payload).
// The API service implements it once; IPC (Electron) and HTTP + WebSocket (headless) both carry it.
import type { Settings, SettingKey, SettingSource } from './settings';
import type { ServerText } from './texts';
import type {
  Channel,
  ChannelView,
  DeviceDetails,
  DeviceSummary,
  MediaTransport,
  OrgTreeNode,
  RegistrationFailure,
} from './types/devices';
import type {
  AlarmEntry,
  AlarmFilter,
  BasicParamInput,
  ConfigPanel,
  ConfigType,
  ConfigValue,
  ControlOutcome,
  CruiseAction,
  DeviceControlCommand,
  DeviceRebooted,
  DragZoomBox,
  PositionEntry,
  PresetEntry,
  PresetList,
  PtzAxis,
  PtzPositionView,
  ScanAction,
  SubscriptionStateView,
} from './types/control';
import type { LiveEnded, LiveSession } from './types/live';
import type { DownloadList, DownloadView, PlaybackAction, PlaybackEnded, PlaybackNote, PlaybackStarted, RecordQueryResult, RecordType } from './types/recordings';
import type { LogExportResult, LogFilter, LogMessage, LogMessageDetail, LogQuery, LogQueryResult } from './types/signalling';

export type * from './types/devices';
export type * from './types/live';
export type * from './types/control';
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
  /** For each setting given on the command line, the flag that gave it ("--sip-port"): read-only in Settings. */
  flags: Partial<Record<SettingKey, string>>;
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
  /** Devices whose catalog has arrived. */
  devicesCatalogued?: number;
  /** Automatic follow-up queries after registrations still queued or in flight. */
  followUpsPending?: number;
  /** Of those, steps in flight now, and how many the follow-up window allows (docs/protocol.md §12). */
  followUpsInFlight?: number;
  followUpWindow?: number;
  sessionsOpen: number;
  messagesPerSec: number;
  /** Signalling log messages dropped because writing fell behind (the write queue is bounded). */
  logDropped?: number;
  /** Signalling log messages waiting to be written. */
  logQueued?: number;
  /** How long the oldest of them has waited, in ms (0 when none waits); absent where the log engine does not track it. */
  logBehindMs?: number;
  /** Days of signalling log the size limit (logMaxMb) holds at the last day's rate; null until known. */
  logDaysAtLimit?: number | null;
  /** SIP requests the server sent again for want of an answer within T1, 2·T1, ... (RFC 3261 Timer A/E), since start. */
  sipRequestsResent?: number;
  /** SIP requests that reached the server again (a device re-sent them: our answer was late or lost), since start; requests answered without a transaction (first REGISTERs, keepalives) are not counted. */
  sipRequestRepeatsReceived?: number;
  /** SIP datagrams dropped since start because 16 MiB of received ones were still waiting to be handled (docs/protocol.md §15). */
  sipDatagramsDropped?: number;
  /** Event-stream clients the HTTP API disconnected for reading too slowly since start (headless shell only). */
  eventClientsDropped?: number;
  /** The server's main thread paused for garbage collection since start. */
  gc?: GcPauses;
}

export interface GcPauses {
  /** Young-generation collections (scavenges), and the milliseconds they paused the thread. */
  scavenges: number;
  scavengeMs: number;
  /** Full collections (mark-compact, with incremental marking's final pauses), and their milliseconds. */
  majors: number;
  majorMs: number;
}

export interface SimulatedDevicesView {
  deviceIds: string[];
}

type NoParams = Record<string, never>;
type ChannelRef = { deviceId: string; channelId: string };

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
    /** heartbeatSec / heartbeatCount: the installer's keepalive figures for this device (null: back to BasicParam, learned or default). */
    params: {
      deviceId: string;
      name?: string;
      password?: string | null;
      mediaTransport?: MediaTransport;
      /** IANA zone name or ±hh:mm; null: the console's default (setting deviceTimeZone). */
      timeZone?: string | null;
      heartbeatSec?: number | null;
      heartbeatCount?: number | null;
    };
    result: DeviceSummary;
  };
  'device.remove': { params: { deviceId: string }; result: { removed: boolean } };
  'device.refresh': { params: { deviceId: string; what: 'info' | 'status' | 'catalog' }; result: DeviceDetails };
  'channel.list': { params: { deviceId?: string }; result: Channel[] };
  'channel.tree': { params: NoParams; result: OrgTreeNode[] };
  /** Names a channel in the console (kept across catalogs); '' gives it back the device's own name. */
  'channel.rename': { params: { deviceId: string; channelId: string; name: string }; result: Channel };
  'registration.failures': { params: NoParams; result: RegistrationFailure[] };
  'registration.clearFailure': { params: { deviceId: string }; result: { cleared: boolean } };
  /** Lifts registration locks on a device ID (from every address), on a source IP, or both; says how many. */
  'registration.unlock': { params: { deviceId?: string; ip?: string }; result: { unlocked: number } };

  'log.query': { params: LogQuery; result: LogQueryResult };
  'log.get': { params: { id: number }; result: LogMessageDetail };
  /** near: the id of one message of the call (the one shown), so an old keepalive's transaction is found around it. */
  'log.call': { params: { callId: string; near?: number }; result: LogMessageDetail[] };
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

  /** Moves until ptz.stop (or until the caller disconnects or the channel's live session ends). speed 1-100. */
  'ptz.move': { params: ChannelRef & { pan: PtzAxis; tilt: PtzAxis; zoom: PtzAxis; speed: number }; result: ControlOutcome };
  'ptz.stop': { params: ChannelRef; result: ControlOutcome };
  /** Focus / iris run until 'stop' or ptz.stop. speed 1-100 (default 50). */
  'ptz.focus': { params: ChannelRef & { focus: 'near' | 'far' | 'stop'; speed?: number }; result: ControlOutcome };
  'ptz.iris': { params: ChannelRef & { iris: 'open' | 'close' | 'stop'; speed?: number }; result: ControlOutcome };
  /** index 1-255; name is kept by the console (and sent as PresetName to GB/T 28181-2022 devices). */
  'ptz.preset': { params: ChannelRef & { action: 'set' | 'call' | 'delete'; index: number; name?: string }; result: ControlOutcome };
  /** PresetQuery (all parts), names the console keeps filling in where the device has none. */
  'ptz.presets': { params: ChannelRef; result: PresetList };
  /** Renames a preset in the console ('' forgets the console's name). */
  'ptz.presetName': { params: ChannelRef & { index: number; name: string }; result: PresetEntry };
  /** group 0-255; preset 1-255 for add/remove; value: speed or dwell seconds, 0-4095 (12-bit). */
  'ptz.cruise': { params: ChannelRef & { group: number; action: CruiseAction; preset?: number; value?: number }; result: ControlOutcome };
  /** group 0-255; value: scan speed 0-4095 for 'speed'. */
  'ptz.scan': { params: ChannelRef & { group: number; action: ScanAction; value?: number }; result: ControlOutcome };
  /** aux 1 = wiper, 2 = light (device dependent), 1-255. */
  'ptz.aux': { params: ChannelRef & { aux: number; on: boolean }; result: ControlOutcome };
  'ptz.dragZoom': { params: ChannelRef & DragZoomBox & { direction: 'in' | 'out' }; result: ControlOutcome };
  'ptz.homePosition': { params: ChannelRef & { enabled: boolean; resetTime?: number; presetIndex?: number }; result: ControlOutcome };
  /** GB/T 28181-2022 PTZPreciseCtrl (degrees, zoom factor). */
  'ptz.precise': { params: ChannelRef & { pan?: number; tilt?: number; zoom?: number }; result: ControlOutcome };
  /** GB/T 28181-2022 PTZPosition query. */
  'ptz.position': { params: ChannelRef; result: PtzPositionView };
  /** home: HomePosition enabled (presetIndex default 1, resetTime default 60 s). reboot is followed by device.rebooted. */
  'device.control': {
    params: { deviceId: string; channelId?: string; command: DeviceControlCommand; presetIndex?: number; resetTime?: number };
    result: ControlOutcome;
  };
  /** ConfigDownload: one panel per type (answered or not). */
  'device.config.get': { params: { deviceId: string; channelId?: string; types: ConfigType[] }; result: { panels: ConfigPanel[] } };
  /** DeviceConfig: basicParam (validated), or another type with its element values. */
  'device.config.set': {
    params: { deviceId: string; channelId?: string; basicParam?: BasicParamInput; type?: ConfigType; values?: { [name: string]: ConfigValue } };
    result: ControlOutcome;
  };

  'alarm.list': { params: AlarmFilter; result: { alarms: AlarmEntry[] } };
  'alarm.ack': { params: { alarmId: number }; result: { alarm: AlarmEntry } };
  /** Alarm SUBSCRIBE for a device (kept and re-established after outages); on: false ends it. */
  'alarm.subscribe': { params: { deviceId: string; on?: boolean }; result: { state: SubscriptionStateView; reason?: string } };
  /** Query Alarm: the device's own alarm history (stored like received alarms, via QUERY). */
  'alarm.query': {
    params: { deviceId: string; channelId?: string; from?: number; to?: number; startPriority?: number; endPriority?: number; method?: number };
    result: { answered: boolean; alarms: AlarmEntry[] };
  };
  /** MobilePosition SUBSCRIBE (Interval seconds, default 5); on: false ends it. */
  'position.subscribe': { params: { deviceId: string; on?: boolean; intervalSec?: number }; result: { state: SubscriptionStateView; reason?: string } };
  'position.list': { params: { deviceId: string; from?: number; to?: number; limit?: number }; result: { positions: PositionEntry[] } };

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
  /**
   * The device's whole channel list after a change (so removed channels disappear), each channel without the
   * Catalog item as sent (`raw`): channel.list gives that.
   */
  'channel.changed': { deviceId: string; channels: ChannelView[] };
  'registration.failed': RegistrationFailure;
  'log.message': LogMessage[];
  'live.started': LiveSession;
  'live.stats': LiveSession[];
  'live.ended': LiveEnded;
  'playback.ended': PlaybackEnded;
  /** A playback carries on differently than asked (a seek done by a new INVITE). */
  'playback.note': PlaybackNote;
  /** About once a second per running download, and on every state change. */
  'download.progress': DownloadView;
  /** A download reached done, truncated, failed or cancelled. */
  'download.done': DownloadView;
  'alarm.raised': AlarmEntry;
  'alarm.acknowledged': AlarmEntry;
  'position.updated': PositionEntry;
  'device.rebooted': DeviceRebooted;
}

export type ApiMethodName = keyof ApiMethods;
export type ApiEventName = keyof ApiEvents;

/**
 * Events a console asks for by name. A client that connects to /api/events with ?optin=1 gets every other event
 * at once and these only between a {"listen": [...]} and an {"unlisten": [...]} frame it sends; a client without
 * ?optin=1 gets everything. The live signalling log is most of what a quiet site sends a console, and the
 * console shows it only on the Signalling log view. Channel lists are most of what a registration storm sends
 * (every device's whole list, about 3 KB for 4 channels): a console holding only the lists of the devices it
 * shows follows DeviceSummary.channelsChangedAt instead (README: HTTP API).
 */
export const OPT_IN_EVENTS = ['log.message', 'channel.changed'] as const satisfies readonly ApiEventName[];
export type OptInEventName = (typeof OPT_IN_EVENTS)[number];

export function isOptInEvent(name: string): name is OptInEventName {
  return (OPT_IN_EVENTS as readonly string[]).includes(name);
}

/** What an ?optin=1 client sends on /api/events (one text frame, either or both lists). */
export interface EventListenFrame {
  listen?: OptInEventName[];
  unlisten?: OptInEventName[];
}
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
  'channel.rename': true,
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
  'ptz.move': true,
  'ptz.stop': true,
  'ptz.focus': true,
  'ptz.iris': true,
  'ptz.preset': true,
  'ptz.presets': true,
  'ptz.presetName': true,
  'ptz.cruise': true,
  'ptz.scan': true,
  'ptz.aux': true,
  'ptz.dragZoom': true,
  'ptz.homePosition': true,
  'ptz.precise': true,
  'ptz.position': true,
  'device.control': true,
  'device.config.get': true,
  'device.config.set': true,
  'alarm.list': true,
  'alarm.ack': true,
  'alarm.subscribe': true,
  'alarm.query': true,
  'position.subscribe': true,
  'position.list': true,
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
  'playback.note': true,
  'download.progress': true,
  'download.done': true,
  'alarm.raised': true,
  'alarm.acknowledged': true,
  'position.updated': true,
  'device.rebooted': true,
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
  /** The message as a code and parameters (absent on most errors): the console words it in its language. */
  text?: ServerText;
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
/** The console window's listen frames (EventListenFrame as JSON text), as an ?optin=1 client sends them on /api/events. */
export const IPC_LISTEN_CHANNEL = 'gb:listen';
export const IPC_MEDIA_OPEN = 'gb:media-open';
export const IPC_MEDIA_PORT = 'gb:media-port';

/** Messages on an Electron media MessagePort besides frames (which are Uint8Arrays). */
export type MediaPortControl = { ack: number } | { close: true } | { end: { code: number; reason: string } };

/** Results over IPC travel as a tagged union so errors keep their code across the process boundary. */
export type IpcResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
