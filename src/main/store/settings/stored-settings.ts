// The settings as the core reads them: loaded whole at start, read from memory, each change handed to the engine
// at once (settings change rarely) and committed in order.
import type { SettingsEngine } from '../engine';

export class StoredSettings {
  private committing: Promise<void> = Promise.resolve();
  /** Write errors are reported here, never thrown into the caller. */
  onError: (err: Error) => void = () => {};

  private constructor(
    private readonly engine: SettingsEngine,
    private readonly values: Map<string, unknown>,
  ) {}

  static async open(engine: SettingsEngine): Promise<StoredSettings> {
    return new StoredSettings(engine, new Map(Object.entries(await engine.loadAll())));
  }

  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  set(key: string, value: unknown): void {
    this.values.set(key, structuredClone(value));
    const done = this.engine.commit({ [key]: value }).catch((err: Error) => this.onError(err));
    this.committing = this.committing.then(() => done);
  }

  all(): Record<string, unknown> {
    return Object.fromEntries([...this.values].map(([k, v]) => [k, structuredClone(v)]));
  }

  /** Resolves once every change so far is committed. */
  flushed(): Promise<void> {
    return this.committing;
  }
}
