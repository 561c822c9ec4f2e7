// Settings for a GB server under test: the defaults, a known password and the test's own values, changed by
// `update` after the shared rules (shared/settings.ts) accept the new values, as the console's settings would be.
import { DEFAULT_SETTINGS, validateSettings, type Settings, type SettingKey } from '../../../../shared/settings';

export class TestSettings {
  private current: Settings;

  constructor(initial: Partial<Settings> = {}) {
    this.current = { ...DEFAULT_SETTINGS, password: '12345678', ...initial };
  }

  get values(): Settings {
    return this.current;
  }

  /** Throws "key: reason" when a changed setting breaks its rule; nothing changes then. */
  update(patch: Partial<Settings>): void {
    const next = { ...this.current, ...patch };
    const errors = validateSettings(next);
    const broken = (Object.keys(patch) as SettingKey[]).find((k) => errors[k]);
    if (broken) throw new Error(`${broken}: ${errors[broken]}`);
    this.current = next;
  }
}
