// One platform, one set of settings: a change made on one instance (in the console or by script) is applied on
// every other, except the ones that are each instance's own (its SIP and media addresses and ports). Applying a
// change that came from another instance is not published again.
import type { Redis } from 'ioredis';
import type { Settings, SettingKey } from '../../shared/settings';
import type { ClusterKeys } from './keys';
import { SharedChannel } from './shared-channel';

/** Each instance's own: where it listens and receives media. */
export const OWN_SETTINGS: readonly SettingKey[] = ['sipIp', 'sipPort', 'mediaIp', 'mediaPortMin', 'mediaPortMax', 'sipMaxBodyKb'];

export interface SharedSettings {
  readonly values: Settings;
  onChange(listener: (s: Settings, changed: SettingKey[]) => void): () => void;
  update(input: Partial<Settings>): unknown;
}

export class SettingsShare {
  private readonly channel: SharedChannel<{ values: Record<string, unknown> }>;

  constructor(
    pub: Redis,
    sub: Redis,
    keys: ClusterKeys,
    self: string,
    private readonly onError: (text: string) => void,
  ) {
    this.channel = new SharedChannel(pub, sub, keys.settings, self, (m) => (m.values && typeof m.values === 'object' ? { values: m.values as Record<string, unknown> } : undefined));
  }

  async start(settings: SharedSettings): Promise<void> {
    await this.channel.listen((m, from) => {
      const patch = Object.fromEntries(Object.entries(m.values).filter(([k]) => !OWN_SETTINGS.includes(k as SettingKey))) as Partial<Settings>;
      if (Object.keys(patch).length === 0) return;
      try {
        settings.update(patch);
      } catch (err) {
        this.onError(`a settings change from console instance ${from} was not applied here: ${(err as Error).message}`);
      }
    });
    this.channel.onStop(
      settings.onChange((values, changed) => {
        const shared = changed.filter((k) => !OWN_SETTINGS.includes(k));
        if (shared.length === 0) return;
        const change = { values: Object.fromEntries(shared.map((k) => [k, values[k]])) };
        this.channel.publish(change, (err) => this.onError(`Redis: sharing a settings change failed: ${err.message}`));
      }),
    );
  }

  stop(): void {
    this.channel.stop();
  }
}
