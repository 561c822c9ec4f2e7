// One platform, one set of settings: a change made on one instance (in the console or by script) is applied on
// every other, except the ones that are each instance's own (its SIP and media addresses and ports). Applying a
// change that came from another instance is not published again.
import type { Redis } from 'ioredis';
import type { Settings, SettingKey } from '../../shared/settings';
import type { ClusterKeys } from './keys';

/** Each instance's own: where it listens and receives media. */
export const OWN_SETTINGS: readonly SettingKey[] = ['sipIp', 'sipPort', 'mediaIp', 'mediaPortMin', 'mediaPortMax', 'sipMaxBodyKb'];

export interface SharedSettings {
  readonly values: Settings;
  onChange(listener: (s: Settings, changed: SettingKey[]) => void): () => void;
  update(input: Partial<Settings>): unknown;
}

export class SettingsShare {
  private applying = false;
  private readonly unhook: Array<() => void> = [];

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly keys: ClusterKeys,
    private readonly self: string,
    private readonly onError: (text: string) => void,
  ) {}

  async start(settings: SharedSettings): Promise<void> {
    const onMessage = (channel: string, text: string) => {
      if (channel !== this.keys.settings) return;
      const m = parse(text);
      if (!m || m.from === this.self) return;
      const patch = Object.fromEntries(Object.entries(m.values).filter(([k]) => !OWN_SETTINGS.includes(k as SettingKey))) as Partial<Settings>;
      if (Object.keys(patch).length === 0) return;
      this.applying = true;
      try {
        settings.update(patch);
      } catch (err) {
        this.onError(`a settings change from console instance ${m.from} was not applied here: ${(err as Error).message}`);
      } finally {
        this.applying = false;
      }
    };
    this.sub.on('message', onMessage);
    this.unhook.push(() => this.sub.off('message', onMessage));
    await this.sub.subscribe(this.keys.settings);
    this.unhook.push(
      settings.onChange((values, changed) => {
        if (this.applying) return;
        const shared = changed.filter((k) => !OWN_SETTINGS.includes(k));
        if (shared.length === 0) return;
        const text = JSON.stringify({ from: this.self, values: Object.fromEntries(shared.map((k) => [k, values[k]])) });
        this.pub.publish(this.keys.settings, text).catch((err: Error) => this.onError(`Redis: sharing a settings change failed: ${err.message}`));
      }),
    );
  }

  stop(): void {
    for (const u of this.unhook.splice(0)) u();
  }
}

function parse(text: string): { from: string; values: Record<string, unknown> } | undefined {
  try {
    const m = JSON.parse(text) as { from: string; values: Record<string, unknown> };
    return typeof m?.from === 'string' && m.values && typeof m.values === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}
