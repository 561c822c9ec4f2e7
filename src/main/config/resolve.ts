import crypto from 'node:crypto';
import { DEFAULT_SETTINGS, validateSettings, type Settings, type SettingKey, type SettingSource } from '../../shared/settings';

export interface ResolvedSettings {
  values: Settings;
  sources: Record<SettingKey, SettingSource>;
}

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly details: Partial<Record<SettingKey, string>>,
  ) {
    super(message);
  }
}

/** A password an installer can read aloud and type on a camera's web page: 12 letters and digits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(12);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function generateToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Effective settings: a flag beats a stored value, which beats the default. */
export function resolveSettings(stored: Partial<Settings>, flags: Partial<Settings>, password: string): ResolvedSettings {
  const base: Settings = { ...DEFAULT_SETTINGS, password };
  const values = { ...base } as Settings;
  const sources = {} as Record<SettingKey, SettingSource>;
  for (const key of Object.keys(base) as SettingKey[]) {
    if (flags[key] !== undefined) {
      (values as unknown as Record<string, unknown>)[key] = flags[key];
      sources[key] = 'flag';
    } else if (stored[key] !== undefined) {
      (values as unknown as Record<string, unknown>)[key] = stored[key];
      sources[key] = 'stored';
    } else {
      sources[key] = key === 'password' ? 'stored' : 'default';
    }
  }
  return { values, sources };
}

/** Throws one clear line naming the flag (or setting) and the rule it breaks. */
export function assertValidSettings(resolved: ResolvedSettings): void {
  const errors = validateSettings(resolved.values);
  const keys = Object.keys(errors) as SettingKey[];
  if (keys.length === 0) return;
  const first = keys[0];
  const source = resolved.sources[first] === 'flag' ? FLAG_OF[first] : `stored setting ${first}`;
  throw new SettingsError(`${source}: ${errors[first]}`, errors);
}

export const FLAG_OF: Record<SettingKey, string> = {
  sipId: '--sip-id',
  domain: '--domain',
  password: '--password',
  sipIp: '--sip-ip',
  sipPort: '--sip-port',
  mediaIp: '--media-ip',
  mediaPortMin: '--media-ports',
  mediaPortMax: '--media-ports',
  admissionMode: 'setting admissionMode',
  strictTarget: 'setting strictTarget',
  logRetentionDays: 'setting logRetentionDays',
  logMaxMb: 'setting logMaxMb',
  sipMaxBodyKb: 'setting sipMaxBodyKb',
  viewerGraceSec: 'setting viewerGraceSec',
  deviceTimeZone: 'setting deviceTimeZone',
  keepaliveIntervalSec: 'setting keepaliveIntervalSec',
  keepaliveCount: 'setting keepaliveCount',
};
