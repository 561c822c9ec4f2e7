// The whole API as one typed map: request methods (name -> params -> result) and events (name -> payload).
// The API service implements it once; IPC (Electron) and HTTP + WebSocket (headless) both carry it.
import type { Settings, SettingKey, SettingSource } from './settings';

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
  values: Settings;
  sources: Record<SettingKey, SettingSource>;
  /** Bearer token the HTTP API requires when it listens on a non-loopback address. */
  apiToken: string;
}

export interface SettingsUpdateResult {
  settings: SettingsView;
  /** Keys whose new value applies after a restart (sockets already bound). */
  restartRequired: SettingKey[];
  /** Keys stored but still overridden by a command-line flag. */
  overriddenByFlag: SettingKey[];
}

export interface ApiMethods {
  'server.status': { params: Record<string, never>; result: ServerStatus };
  'settings.get': { params: Record<string, never>; result: SettingsView };
  'settings.update': { params: Partial<Settings>; result: SettingsUpdateResult };
}

export interface ApiEvents {
  'server.statusChanged': ServerStatus;
}

export type ApiMethodName = keyof ApiMethods;
export type ApiEventName = keyof ApiEvents;
export type ParamsOf<M extends ApiMethodName> = ApiMethods[M]['params'];
export type ResultOf<M extends ApiMethodName> = ApiMethods[M]['result'];

/** Runtime lists of the contract's names; a missing or extra key is a compile error. */
export const API_METHODS: { [M in ApiMethodName]: true } = {
  'server.status': true,
  'settings.get': true,
  'settings.update': true,
};
export const API_EVENTS: { [E in ApiEventName]: true } = {
  'server.statusChanged': true,
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

/** IPC channel names used by the Electron shell. */
export const IPC_INVOKE_CHANNEL = 'gb:invoke';
export const IPC_EVENT_CHANNEL = 'gb:event';

/** Results over IPC travel as a tagged union so errors keep their code across the process boundary. */
export type IpcResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
