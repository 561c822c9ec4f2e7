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
  faults: DeviceFaults;
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
  faults: {},
};

/** What a fleet (or the CLI) may set for all its devices; timing fields may be given one by one. */
export type DeviceOverrides = Partial<Omit<DeviceDefaults, 'timing'>> & { timing?: Partial<RegisterTiming> };
