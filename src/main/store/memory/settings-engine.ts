import type { SettingsEngine } from '../engine';

export class MemorySettingsEngine implements SettingsEngine {
  private readonly values = new Map<string, string>();

  async loadAll(): Promise<Record<string, unknown>> {
    return Object.fromEntries([...this.values].map(([k, v]) => [k, JSON.parse(v)]));
  }

  async commit(values: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(values)) this.values.set(k, JSON.stringify(v));
  }
}
