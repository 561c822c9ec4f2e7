// Settings shared by the flags parser, the settings API and the settings form, so all three apply one rule set.
import { isServerText, serverText, type ServerText, type TextParams } from './texts';
import { timeZoneProblemText } from './time-zone';

export interface Settings {
  sipId: string;
  domain: string;
  password: string;
  sipIp: string;
  sipPort: number;
  mediaIp: string;
  mediaPortMin: number;
  mediaPortMax: number;
  /** open: any device with the right password; allowlist: only devices added in the console. */
  admissionMode: 'open' | 'allowlist';
  /** Reject a REGISTER addressed to another server ID or domain (otherwise accepted and flagged). */
  strictTarget: boolean;
  /** Signalling log retention. */
  logRetentionDays: number;
  logMaxMb: number;
  /** Largest SIP message body accepted over TCP, in KiB; a larger one is answered 413. */
  sipMaxBodyKb: number;
  /** A live session nobody watches (every console tab closed) ends with BYE after this many seconds. */
  viewerGraceSec: number;
  /** Zone of the times in MANSCDP bodies of devices without their own (IANA name or ±hh:mm; empty: the console's). */
  deviceTimeZone: string;
  /**
   * Keepalive interval and count for a device with no other source (its BasicParam, one learned from its
   * keepalives, or one set on the device): offline after interval x count without a sign of life.
   */
  keepaliveIntervalSec: number;
  keepaliveCount: number;
}

export type SettingKey = keyof Settings;
export type SettingSource = 'flag' | 'stored' | 'default';

export const DEFAULT_SETTINGS: Omit<Settings, 'password'> = {
  sipId: '34020000002000000001',
  domain: '3402000000',
  sipIp: '0.0.0.0',
  sipPort: 5060,
  mediaIp: '',
  mediaPortMin: 30000,
  mediaPortMax: 30999,
  admissionMode: 'open',
  strictTarget: false,
  logRetentionDays: 7,
  logMaxMb: 512,
  sipMaxBodyKb: 1024,
  viewerGraceSec: 30,
  deviceTimeZone: '',
  keepaliveIntervalSec: 60,
  keepaliveCount: 3,
};

/** Settings that the running SIP/media sockets use; changing them takes effect after a restart. */
export const RESTART_SETTINGS: readonly SettingKey[] = ['sipIp', 'sipPort', 'mediaPortMin', 'mediaPortMax', 'sipMaxBodyKb'];

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** One rule per setting; each returns a sentence naming the rule (a code and parameters), or null when the value is fine. */
export const settingRules: { [K in SettingKey]: (value: Settings[K], all: Settings) => ServerText | null } = {
  sipId: (v) =>
    /^\d{20}$/.test(v) ? null : say('setting.sipId', { got: describeDigits(v) }, `SIP ID must be exactly 20 digits (GB/T 28181 §1); got ${describeDigits(v).text}`),
  domain: (v, all) => {
    if (!/^\d{10}$/.test(v)) return say('setting.domain', { got: describeDigits(v) }, `domain must be exactly 10 digits; got ${describeDigits(v).text}`);
    if (/^\d{20}$/.test(all.sipId) && all.sipId.slice(0, 10) !== v) {
      const prefix = all.sipId.slice(0, 10);
      return say('setting.domainPrefix', { sipId: all.sipId, prefix, got: v }, `domain must be the first 10 digits of the SIP ID ${all.sipId}, i.e. ${prefix}; got ${v}`);
    }
    return null;
  },
  password: (v) =>
    v.length === 0
      ? say('setting.passwordEmpty', {}, 'password must not be empty')
      : v.length > 64
        ? say('setting.passwordLong', {}, 'password must be at most 64 characters')
        : /[\s"]/.test(v)
          ? say('setting.passwordChars', {}, 'password must not contain spaces or double quotes (devices cannot type them)')
          : null,
  sipIp: (v) => (isIPv4(v) ? null : say('setting.sipIp', { got: v }, `SIP IP must be an IPv4 address such as 0.0.0.0 or 192.168.1.10; got "${v}"`)),
  sipPort: (v) => (isPort(v) ? null : say('setting.sipPort', { got: v }, `SIP port must be a whole number from 1 to 65535; got ${v}`)),
  mediaIp: (v) =>
    v === '' || isIPv4(v) ? null : say('setting.mediaIp', { got: v }, `media IP must be an IPv4 address, or empty to pick it per device; got "${v}"`),
  mediaPortMin: (v) => (isPort(v) ? null : say('setting.mediaPortMin', { got: v }, `media port range start must be from 1 to 65535; got ${v}`)),
  mediaPortMax: (v, all) => {
    if (!isPort(v)) return say('setting.mediaPortMax', { got: v }, `media port range end must be from 1 to 65535; got ${v}`);
    if (v < all.mediaPortMin) return say('setting.mediaPortOrder', { got: v, min: all.mediaPortMin }, `media port range end ${v} is below its start ${all.mediaPortMin}`);
    if (v - all.mediaPortMin < 1) return say('setting.mediaPortCount', {}, 'media port range must hold at least 2 ports');
    return null;
  },
  admissionMode: (v) =>
    v === 'open' || v === 'allowlist' ? null : say('setting.admissionMode', { got: v }, `admission mode must be "open" or "allowlist"; got "${v}"`),
  strictTarget: (v) => (typeof v === 'boolean' ? null : say('setting.strictTarget', {}, 'strict server ID check must be true or false')),
  logRetentionDays: (v) =>
    Number.isInteger(v) && v >= 1 && v <= 3650
      ? null
      : say('setting.logRetentionDays', { got: v }, `log retention must be a whole number of days from 1 to 3650; got ${v}`),
  logMaxMb: (v) =>
    Number.isInteger(v) && v >= 16 && v <= 1_048_576 ? null : say('setting.logMaxMb', { got: v }, `log size limit must be from 16 MB to 1 TB; got ${v} MB`),
  sipMaxBodyKb: (v) =>
    Number.isInteger(v) && v >= 64 && v <= 16_384
      ? null
      : say('setting.sipMaxBodyKb', { got: v }, `largest SIP body over TCP must be a whole number from 64 to 16384 KB; got ${v}`),
  viewerGraceSec: (v) =>
    Number.isInteger(v) && v >= 1 && v <= 3600
      ? null
      : say('setting.viewerGraceSec', { got: v }, `time a live view may run unwatched must be a whole number of seconds from 1 to 3600; got ${v}`),
  deviceTimeZone: (v) =>
    typeof v !== 'string' ? say('setting.deviceTimeZoneText', {}, 'device time zone must be text') : v === '' ? null : timeZoneProblemText(v),
  keepaliveIntervalSec: (v) =>
    Number.isInteger(v) && v >= 5 && v <= 3600
      ? null
      : say('setting.keepaliveIntervalSec', { got: v }, `default keepalive interval must be a whole number of seconds from 5 to 3600; got ${v}`),
  keepaliveCount: (v) =>
    Number.isInteger(v) && v >= 1 && v <= 100
      ? null
      : say('setting.keepaliveCount', { got: v }, `missed keepalives before offline must be a whole number from 1 to 100; got ${v}`),
};

/** A rule's sentence; a value that is not text or a number is shown as JSON. */
function say(code: string, params: Record<string, unknown>, text: string): ServerText {
  const shown = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'string' || isServerText(v) ? v : String(JSON.stringify(v))]));
  return serverText(code, shown as TextParams, text);
}

function describeDigits(v: string): ServerText {
  return /^\d+$/.test(v) ? serverText('setting.digits', { n: v.length, value: v }, `${v.length} digits (${v})`) : serverText('setting.quoted', { value: v }, `"${v}"`);
}

/** Every rule violation of a complete settings object, keyed by setting, as a code and parameters. */
export function settingProblems(all: Settings): Partial<Record<SettingKey, ServerText>> {
  const problems: Partial<Record<SettingKey, ServerText>> = {};
  for (const key of Object.keys(settingRules) as SettingKey[]) {
    const rule = settingRules[key] as (v: unknown, all: Settings) => ServerText | null;
    const problem = rule(all[key], all);
    if (problem) problems[key] = problem;
  }
  return problems;
}

/** All rule violations of a complete settings object, keyed by setting, in English. */
export function validateSettings(all: Settings): Partial<Record<SettingKey, string>> {
  return Object.fromEntries(Object.entries(settingProblems(all)).map(([k, p]) => [k, p.text]));
}
