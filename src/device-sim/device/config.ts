import type { SimCharset } from '../manscdp/charset';
import type { GbVersion } from '../manscdp/messages';
import type { SimClip } from '../media/clips';

export interface ServerTarget {
  /** Where REGISTER and MESSAGEs go. */
  ip: string;
  port: number;
  /** The platform's 20-digit ID and 10-digit domain (Request-URI sip:<id>@<domain>, digest realm). */
  id: string;
  domain: string;
}

export interface DeviceFaults {
  /** Answer challenges with a wrong password. */
  wrongPassword?: boolean;
  rtpDropPercent?: number;
  rtpReorderPercent?: number;
  /** Register, then never send a keepalive. */
  noKeepalive?: boolean;
  /** Let INVITEs time out (no final answer). */
  neverAnswerInvite?: boolean;
  /** Answer INVITEs with our own SSRC instead of the offered y=, and stream with it. */
  ssrcMismatch?: boolean;
  /** Send MANSCDP bodies no XML parser accepts. */
  malformedXml?: boolean;
}

/** How a device writes the times in its bodies (Alarm, RecordInfo, DeviceStatus, MobilePosition). */
export type TimeFormat = 'padded' | 'unpadded' | 'offset' | 'millis';

/** What real devices do that a textbook device does not (docs/protocol.md §14); all off by default. */
export interface FieldBehaviour {
  /** One Via branch for every request the device sends, CSeq restarting at 1 for each new Call-ID. */
  branchReuse?: boolean;
  /** Never answer ConfigDownload (BasicParam): the query gets its 200 and nothing else. */
  noConfigDownload?: boolean;
  /** The answers to the first N Catalog queries are lost (each query gets its 200 and nothing else), as in a storm. */
  catalogAnswersLost?: number;
  /** The whole catalog in one MESSAGE whatever pageSize (over TCP a large body). */
  catalogOneMessage?: boolean;
  /** SumNum this many below the number of items sent. */
  catalogUndercount?: number;
  /** padded 2024-08-20T05:07:01 (GB), unpadded 2024-8-20T5:07:01, offset ...+08:00, millis ...05:07:01.123 */
  timeFormat?: TimeFormat;
  /** The zone the device's clock is set to (IANA name or ±hh:mm); default the host's. */
  timeZone?: string;
  /** Via sent-by and Contact host claimed instead of the real address (e.g. the factory 192.168.1.64). */
  sentBy?: string;
  /** At the end of an outage, refresh the registration on the same Call-ID at once (Hikvision, Dahua). */
  refreshSameCallId?: boolean;
  /** A UDP device sends a MESSAGE too large for UDP (body over 1000 bytes) over TCP, RFC 3261 §18.1.1. */
  largeOverTcp?: boolean;
  /** Take the IFrame DeviceControl (IFameCmd) without sending a keyframe: the picture waits for the GOP. */
  ignoreIFrame?: boolean;
  /** The last `parts` RecordInfo MESSAGEs of each answer go out `delayMs` after the others (an NVR searching its disk). */
  recordLateParts?: { parts: number; delayMs: number };
  /** Length of each synthetic "time" recording file, minutes (default 115; 10 gives 98 items a day). */
  recordFileMinutes?: number;
  /**
   * A download sends only the footage recorded in its window (the synthetic files' spans, back to back, as an
   * NVR does), then MediaStatus 121; without it the whole window is sent as if recorded throughout.
   */
  downloadRecordedOnly?: boolean;
  /** Playback and download just stop at the end of the window: no MediaStatus 121. */
  noMediaStatus?: boolean;
  /** MANSRTSP PLAY with Range: answered 200 OK but playback carries on where it was ('ignore'), or refused with 501 ('refuse'). */
  rangeSeek?: 'ignore' | 'refuse';
  /** Playback and download stop sending this many seconds into the window, with neither MediaStatus 121 nor BYE. */
  mediaStallAfterSec?: number;
  /** Playback and download keep sending but their timestamps stop advancing this many seconds into the window. */
  freezeTimestampsAfterSec?: number;
  /**
   * UDP: a 302 to REGISTER sends this and later requests to the Contact's address (GB/T 28181-2022 redirect); a
   * failed registration there returns to the configured server. Without it a 302 is a failed registration.
   */
  follow302?: boolean;
}

/** Alarms on a timer: GB/T 28181-2016 A.2.5.4 priority 1-4, method 1-7, and the method's AlarmType. */
export interface AlarmTimer {
  everySec: number;
  priority: number;
  method: number;
  alarmType: number;
}

export interface RegisterTiming {
  /** Expires we ask for, seconds. */
  expires: number;
  /** Re-register when this fraction of the granted time has passed. */
  refreshRatio: number;
  /** First retry after a failed registration (GB: >= 60 s); doubles up to retryMaxMs. */
  retryMinMs: number;
  retryMaxMs: number;
  /** TeleBoot: how long the "reboot" takes before registering again. */
  rebootMs: number;
}

export interface DeviceConfig {
  deviceId: string;
  /** Position in its fleet, used to derive channel and org IDs. */
  index: number;
  idBase: string;
  server: ServerTarget;
  transport: 'udp' | 'tcp';
  password: string;
  /** 'none' answers challenges without qop even when qop=auth is offered (RFC 2069 form). */
  qop: 'auto' | 'none';
  keepaliveSec: number;
  /** Missed keepalive answers before the device registers again. */
  keepaliveMaxFail: number;
  gbVersion: GbVersion;
  charset: SimCharset;
  channels: number;
  /** Catalog and RecordInfo items per MESSAGE. */
  pageSize: number;
  name: string;
  manufacturer: string;
  model: string;
  firmware: string;
  timing: RegisterTiming;
  clip: SimClip;
  audio: boolean;
  /** Live: seconds from one keyframe to the next (the encoder's GOP). */
  gopSec: number;
  /** Live: the stream begins where the encoder is in its GOP, as a real camera's does; false: on a keyframe. */
  midGopStart: boolean;
  /** Raise an alarm every `everySec` while registered, on each channel in turn (besides raiseAlarm()). */
  alarmTimer?: AlarmTimer;
  faults: DeviceFaults;
  field: FieldBehaviour;
}

export const DEFAULT_TIMING: RegisterTiming = {
  expires: 3600,
  refreshRatio: 0.8,
  retryMinMs: 60_000,
  retryMaxMs: 300_000,
  rebootMs: 3_000,
};

export type DeviceDefaults = Omit<DeviceConfig, 'deviceId' | 'index' | 'idBase' | 'server' | 'password' | 'name'>;

export const DEVICE_DEFAULTS: DeviceDefaults = {
  transport: 'udp',
  qop: 'auto',
  keepaliveSec: 60,
  keepaliveMaxFail: 3,
  gbVersion: '2.0',
  charset: 'gb2312',
  channels: 4,
  pageSize: 20,
  manufacturer: 'GBSim',
  model: 'SIM-NVR',
  firmware: 'V1.0.0 build 20240820',
  timing: DEFAULT_TIMING,
  clip: 'h264Baseline',
  audio: false,
  gopSec: 2,
  midGopStart: true,
  faults: {},
  field: {},
};

/** What a fleet (or the CLI) may set for all its devices; timing fields may be given one by one. */
export type DeviceOverrides = Partial<Omit<DeviceDefaults, 'timing'>> & { timing?: Partial<RegisterTiming> };
