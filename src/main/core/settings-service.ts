import { MASKED_SECRET, type SettingsUpdateResult, type SettingsView } from '../../shared/contract';
import { DomainError } from '../../shared/errors';
import { Listeners } from '../../shared/listeners';
import { DEFAULT_SETTINGS, RESTART_SETTINGS, settingProblems, type Settings, type SettingKey } from '../../shared/settings';
import { SETTING_FLAGS } from '../config/flags';
import { generatePassword, generateToken, resolveSettings, type ResolvedSettings } from '../config/resolve';
import { apiTokenFormatText, invalidSettingText, unknownSettingText } from './settings-texts';

/** Where settings are kept: read at once, written behind (store/settings/stored-settings.ts). */
export interface SettingsStorage {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** Every setting is stored: the defaults' keys plus the password (generated, never defaulted). */
const STORED_KEYS = [...Object.keys(DEFAULT_SETTINGS), 'password'] as readonly SettingKey[];

/** Effective settings for this run, the stored values behind them, and updates that validate before they store. */
export class SettingsService {
  private resolved: ResolvedSettings;
  private token = generateToken();
  private readonly tokenListeners = new Listeners<[string]>();
  /** Set when this run generated the password, so the shell can print it once. */
  readonly generatedPassword: string | null;
  private readonly listeners = new Listeners<[Settings, SettingKey[]]>();

  constructor(
    private readonly repo: SettingsStorage,
    private readonly flags: Partial<Settings>,
  ) {
    let password = repo.get<string>('password');
    this.generatedPassword = null;
    if (!password && flags.password === undefined) {
      password = generatePassword();
      repo.set('password', password);
      this.generatedPassword = password;
    }
    this.resolved = resolveSettings(this.stored(), flags, password ?? flags.password ?? '');
  }

  get values(): Settings {
    return this.resolved.values;
  }

  get resolution(): ResolvedSettings {
    return this.resolved;
  }

  /** The API token of this run: never stored, so a copy left on disk or in a script dies with the process. */
  get apiToken(): string {
    return this.token;
  }

  /** Secrets are masked unless the caller asks for them. */
  view(opts: { reveal?: boolean } = {}): SettingsView {
    const values = { ...this.resolved.values };
    if (!opts.reveal) values.password = MASKED_SECRET;
    const flags: Partial<Record<SettingKey, string>> = {};
    for (const [key, source] of Object.entries(this.resolved.sources) as [SettingKey, string][]) {
      if (source === 'flag' && SETTING_FLAGS[key]) flags[key] = SETTING_FLAGS[key];
    }
    return { values, sources: { ...this.resolved.sources }, flags, apiToken: opts.reveal ? this.token : MASKED_SECRET };
  }

  /** A new token (random, or the one given); listeners cut off everyone holding the old one. */
  rotateToken(next = generateToken()): string {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(next)) throw DomainError.saying('bad_request', apiTokenFormatText());
    this.token = next;
    this.tokenListeners.emit(next);
    return next;
  }

  onTokenChange(listener: (token: string) => void): () => void {
    return this.tokenListeners.add(listener);
  }

  onChange(listener: (s: Settings, changed: SettingKey[]) => void): () => void {
    return this.listeners.add(listener);
  }

  update(input: Partial<Settings>): SettingsUpdateResult {
    const patch = { ...input };
    if (patch.password === MASKED_SECRET) delete patch.password;
    const unknown = Object.keys(patch).filter((k) => !STORED_KEYS.includes(k as SettingKey));
    if (unknown.length > 0) throw DomainError.saying('invalid_setting', unknownSettingText(unknown));
    const stored = this.stored();
    const nextStored = { ...stored, ...patch };
    // Validate what the stored values would be on the next plain start, and what this run would use now.
    const candidate = resolveSettings(nextStored, {}, nextStored.password ?? this.resolved.values.password).values;
    const problems = Object.entries(settingProblems(candidate)).filter(([k]) => k in patch || dependsOnPatch(k as SettingKey, patch));
    if (problems.length > 0) {
      const text = invalidSettingText(problems[0][0], problems[0][1]);
      throw new DomainError('invalid_setting', text.text, Object.fromEntries(problems.map(([k, p]) => [k, p.text])), text);
    }
    const before = this.resolved.values;
    for (const [key, value] of Object.entries(patch)) this.repo.set(key, value);
    this.resolved = resolveSettings(this.stored(), this.flags, this.stored().password ?? before.password);
    const changed = (Object.keys(patch) as SettingKey[]).filter((k) => before[k] !== this.resolved.values[k]);
    if (changed.length > 0) this.listeners.emit(this.resolved.values, changed);
    return {
      settings: this.view(),
      restartRequired: (Object.keys(patch) as SettingKey[]).filter((k) => RESTART_SETTINGS.includes(k) && patch[k] !== before[k]),
      overriddenByFlag: (Object.keys(patch) as SettingKey[]).filter((k) => this.flags[k] !== undefined),
    };
  }

  private stored(): Partial<Settings> {
    const out: Partial<Settings> = {};
    for (const key of STORED_KEYS) {
      const v = this.repo.get(key);
      if (v !== undefined) (out as Record<string, unknown>)[key] = v;
    }
    return out;
  }
}

function dependsOnPatch(key: SettingKey, patch: Partial<Settings>): boolean {
  return (key === 'domain' && 'sipId' in patch) || (key === 'mediaPortMax' && 'mediaPortMin' in patch);
}
