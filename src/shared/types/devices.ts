// Devices, channels and registration diagnostics as the console and the HTTP API see them.
import type { ServerText } from '../texts';

export type SipTransport = 'UDP' | 'TCP';
export type MediaTransport = 'udp' | 'tcp-passive' | 'tcp-active';

export interface DeviceSummary {
  deviceId: string;
  name: string;
  online: boolean;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  /** SIP transport of the registration. */
  transport: SipTransport;
  /** ip:port the device's packets come from. */
  address: string;
  /** Charset the device speaks MANSCDP in; we answer in the same. */
  charset: 'GB18030' | 'UTF-8';
  /** X-GB-Ver the device announced (null: none, treated as 2016). */
  gbVersion: string | null;
  registeredAt: number | null;
  lastSeenAt: number | null;
  /** When the registration expires (ms). */
  expiresAt: number | null;
  keepaliveIntervalSec: number;
  keepaliveCount: number;
  channelCount: number;
  onlineChannelCount: number;
  /**
   * When the device's channel list last changed on this server (ms; absent: not since it started). It moves on
   * every change channel.changed announces, so a console that holds the list without taking that event fetches
   * channel.list again when this moves.
   */
  channelsChangedAt?: number;
  /** True when this device has its own password instead of the server-wide one. */
  hasOwnPassword: boolean;
  /** Set when the device registered to another server ID or domain than ours (accepted, flagged). */
  targetMismatch: string | null;
  /** The same as a code and parameters, for the console to word in its language. */
  targetMismatchText?: ServerText;
  /** Media transport used for live view of this device's channels. */
  mediaTransport: MediaTransport;
  /** Zone the device's clock runs in, set by the installer (IANA name or ±hh:mm); null: the console's default. */
  timeZone: string | null;
  /** Last problem with this device in installer language, or null. */
  lastError: string | null;
  /** The same as a code and parameters, for the console to word in its language. */
  lastErrorText?: ServerText;
}

export interface DeviceEvent {
  time: number;
  /** The English sentence. */
  message: string;
  /** The same as a code and parameters, for the console to word in its language (absent on rows stored before). */
  text?: ServerText;
}

/** Where the keepalive interval in use comes from: set by the installer, the device's BasicParam answer, learned from the keepalives received, or the console's default. */
export type KeepaliveSource = 'installer' | 'basic-param' | 'learned' | 'default';

/** Another source than the device's registered one that sent requests naming it (each refused with 403). */
export interface OtherSource {
  /** "ip:port/udp" or "ip:port/tcp". */
  source: string;
  /** What it sent last, e.g. "a keepalive", "a Catalog NOTIFY". */
  what: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface DeviceDetails extends DeviceSummary {
  /** Fields of the last DeviceInfo response, as sent. */
  info: Record<string, string>;
  /** Fields of the last DeviceStatus response, as sent. */
  status: Record<string, unknown> | null;
  catalog: { received: number; expected: number | null; complete: boolean; updatedAt: number | null };
  /** Recent state changes and errors, newest first. */
  events: DeviceEvent[];
  /** Where keepaliveIntervalSec comes from. */
  keepaliveSource: KeepaliveSource;
  /** The interval learned from the keepalives received, when one was (shown even while another source wins). */
  learnedKeepaliveSec: number | null;
  /** Other sources that sent requests naming this device, refused (most recent first, at most 8). */
  otherSources: OtherSource[];
  /** Our address and port as told to the device in Via and Contact (null: the device has no address yet). */
  localAddress: string | null;
}

/**
 * A channel as channel.list and channel.rename give it: its parsed fields and the Catalog item as sent (`raw`).
 * channel.changed carries a ChannelView instead.
 */
export interface Channel extends ChannelFields {
  /** Every field of the Catalog item as sent. */
  raw: Record<string, unknown>;
}

/**
 * A channel as channel.changed carries it (and the console holds it): the parsed fields without `raw`, plus the
 * item's DownloadSpeed. Every field as sent stays in channel.list.
 */
export interface ChannelView extends ChannelFields {
  /** DownloadSpeed as sent ("1/2/4/8": the a=downloadspeed values the channel takes), null when the item has none. */
  downloadSpeed: string | null;
}

export interface ChannelFields {
  deviceId: string;
  channelId: string;
  /** The name shown: the installer's (customName) when set, else the device's own. */
  name: string;
  /** Name given in the console (channel.rename); kept across catalogs. Absent or null: the device's own. */
  customName?: string | null;
  online: boolean;
  /** Status as sent (ON/OFF/ONLINE/OFFLINE/...). */
  status: string | null;
  manufacturer: string | null;
  model: string | null;
  owner: string | null;
  civilCode: string | null;
  block: string | null;
  address: string | null;
  parental: boolean;
  /** ParentID as sent (may be several IDs separated by "/"). */
  parentId: string | null;
  businessGroupId: string | null;
  /** 1 dome, 2 half-dome, 3 fixed, 4 remote-controlled fixed. */
  ptzType: number | null;
  ipAddress: string | null;
  port: number | null;
  longitude: number | null;
  latitude: number | null;
  updatedAt: number;
}

export interface OrgTreeNode {
  id: string;
  name: string;
  kind: 'device' | 'civil-code' | 'business-group' | 'virtual-org' | 'channel';
  deviceId: string;
  online?: boolean;
  children: OrgTreeNode[];
}

export type RegistrationFailureReason =
  | 'wrong-password'
  | 'wrong-target'
  | 'not-allowed'
  | 'locked-out'
  | 'bad-device-id'
  | 'bad-request';

export interface RegistrationFailure {
  deviceId: string;
  address: string;
  transport: SipTransport;
  reason: RegistrationFailureReason;
  /** The sentence shown to the installer, e.g. "device 3402… at 10.0.0.7:5060 sent a wrong password (3rd time)". */
  message: string;
  /** The same as a code and parameters, for the console to word in its language (absent on rows stored before). */
  text?: ServerText;
  count: number;
  firstAt: number;
  lastAt: number;
  /** Only on entries for a lock in force: when it ends (ms since the epoch). */
  lockedUntil?: number;
  /** Only on entries for a lock in force: what it covers (registration.unlock takes deviceId / ip). */
  lock?: { scope: 'device-source' | 'device' | 'source'; deviceId?: string; ip?: string };
}
