// PTZ, device control, configuration, alarms and mobile positions as the API carries them.

/** -1, 0 or 1 on one axis: pan 1 = right, tilt 1 = up, zoom 1 = in. */
export type PtzAxis = -1 | 0 | 1;

/** Something the server says about a command, with a code and parameters so the console can word it in either language. */
export interface ControlNote {
  code:
    /** PTZ, TeleBoot, IFrame and DragZoom get no Response in GB/T 28181: only the sending is known. */
    | 'no_response_expected'
    /** A Response was due and none came: the device may not support this command over GB28181. */
    | 'no_answer'
    /** The device answered the MESSAGE itself with an error status (params.status, params.reason). */
    | 'refused'
    /** The same move was already running on this channel: nothing was sent again. */
    | 'already_moving'
    /** No move was running: the stop was sent anyway. */
    | 'stopped'
    /** TeleBoot sent; the device is watched until it registers again (event device.rebooted). */
    | 'reboot_watch'
    /** A preset name kept by the console (the device does not store names). */
    | 'name_kept_locally';
  params?: Record<string, string | number>;
  /** The same in English, for logs and scripts. */
  text: string;
}

/** What is known about a command: sent, answered by the device (Result OK / ERROR), or not. */
export interface ControlOutcome {
  /** The MESSAGE reached the device (it answered 200 OK to the MESSAGE). */
  sent: boolean;
  /** The device sent a Response with a Result. */
  answered: boolean;
  result?: 'OK' | 'ERROR';
  /** The device's Reason with an ERROR, when given. */
  reason?: string;
  note?: ControlNote;
}

export type DeviceControlCommand = 'reboot' | 'record' | 'stopRecord' | 'guard' | 'unguard' | 'resetAlarm' | 'iframe' | 'home' | 'formatSdCard';

export interface PresetEntry {
  index: number;
  name: string;
}

export interface PresetList {
  presets: PresetEntry[];
  /** The device answered the PresetQuery (all parts). False: names and indexes the console knows only. */
  answered: boolean;
  complete: boolean;
}

export type CruiseAction = 'add' | 'remove' | 'clear' | 'speed' | 'dwell' | 'start' | 'stop';
export type ScanAction = 'setLeft' | 'setRight' | 'speed' | 'start' | 'stop';

/** DragZoomIn/Out box geometry in pixels of the displayed video (GB/T 28181-2016 A.2.3.1). */
export interface DragZoomBox {
  /** Width of the displayed video. */
  length: number;
  /** Height of the displayed video. */
  width: number;
  midPointX: number;
  midPointY: number;
  /** Box width and height. */
  lengthX: number;
  lengthY: number;
}

/** PTZPosition query answer (GB/T 28181-2022). */
export interface PtzPositionView {
  answered: boolean;
  pan?: number;
  tilt?: number;
  zoom?: number;
}

export const CONFIG_TYPES = [
  'BasicParam',
  'VideoParamOpt',
  'VideoRecordPlan',
  'VideoAlarmRecord',
  'PictureMask',
  'FrameMirror',
  'AlarmReport',
  'OSDConfig',
  'SnapShotConfig',
] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

/** A config element as read: nested objects of text values (attributes as "@Name", repeated elements as arrays). */
export type ConfigValue = string | ConfigValue[] | { [name: string]: ConfigValue };

export interface ConfigPanel {
  type: ConfigType;
  answered: boolean;
  result?: 'OK' | 'ERROR';
  values?: { [name: string]: ConfigValue };
  /** The Response's XML as received (decoded), for the raw view. */
  xml?: string;
}

export interface BasicParamInput {
  name?: string;
  /** Registration expiry, seconds (3600 typical). */
  expiration?: number;
  heartBeatInterval?: number;
  heartBeatCount?: number;
}

export interface AlarmEntry {
  id: number;
  /** The registered device that reported it. */
  deviceId: string;
  /** The device or channel in alarm (the body's DeviceID). */
  channelId: string;
  /** 1 (highest) .. 4 */
  priority: number | null;
  /** 1 phone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other */
  method: number | null;
  type: string | null;
  eventType: string | null;
  /** AlarmTime in ms (read in the device's zone); null when absent or unreadable. */
  time: number | null;
  timeRaw: string | null;
  description: string | null;
  longitude: number | null;
  latitude: number | null;
  via: 'MESSAGE' | 'NOTIFY' | 'QUERY';
  receivedAt: number;
  acknowledgedAt: number | null;
}

export interface AlarmFilter {
  deviceId?: string;
  channelId?: string;
  /** Only alarms not acknowledged yet. */
  unacknowledged?: boolean;
  priority?: number;
  method?: number;
  from?: number;
  to?: number;
  /** Newest first; default 200, at most 1000. */
  limit?: number;
  /** Alarms with an id below this (paging). */
  before?: number;
}

export type SubscriptionStateView = 'active' | 'refused' | 'failed' | 'off';

export interface PositionEntry {
  id: number;
  deviceId: string;
  /** The device the position is of (2022 lists may carry several). */
  targetId: string;
  time: number | null;
  longitude: number | null;
  latitude: number | null;
  speed: number | null;
  direction: number | null;
  altitude: number | null;
  receivedAt: number;
}

export interface DeviceRebooted {
  deviceId: string;
  /** ms from TeleBoot to the new registration; null when it did not come back within the watch time. */
  tookMs: number | null;
}
