import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MASKED_SECRET } from '../../../shared/contract';
import { SettingsService } from '../../core/settings-service';
import { SettingsRepo } from '../../store/settings/settings-repo';
import { openDatabase } from '../../store/sqlite/database';
import { settingsMethods } from './settings';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** The password is stored (not a flag), as after an installer saved it in Settings. */
function service() {
  const db = openDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'gb-settings-')));
  closers.push(() => db.close());
  new SettingsRepo(db).set('password', 'site-pw-1234');
  const settings = new SettingsService(new SettingsRepo(db), {});
  return { settings, methods: settingsMethods(settings), db };
}

describe('settings secrets', () => {
  it('masks the password and the API token unless asked to reveal them', async () => {
    const { settings, methods } = service();
    const plain = await methods['settings.get']({});
    expect(plain.values.password).toBe(MASKED_SECRET);
    expect(plain.apiToken).toBe(MASKED_SECRET);
    expect(JSON.stringify(plain)).not.toContain('site-pw-1234');
    expect(JSON.stringify(plain)).not.toContain(settings.apiToken);

    const revealed = await methods['settings.get']({ reveal: true });
    expect(revealed.values.password).toBe('site-pw-1234');
    expect(revealed.apiToken).toBe(settings.apiToken);
  });

  it('keeps the password when a masked view is saved back, and masks the update answer', async () => {
    const { methods, db } = service();
    const plain = await methods['settings.get']({});
    const result = await methods['settings.update']({ ...plain.values, logRetentionDays: 9 });
    expect(result.settings.values.password).toBe(MASKED_SECRET);
    expect((await methods['settings.get']({ reveal: true })).values.password).toBe('site-pw-1234');
    expect(new SettingsRepo(db).get('password')).toBe('site-pw-1234');
  });

  it('makes a new token each run and on rotation, tells listeners, and never stores it', async () => {
    const { settings, methods, db } = service();
    const first = settings.apiToken;
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new SettingsService(new SettingsRepo(db), {}).apiToken).not.toBe(first);

    const seen: string[] = [];
    settings.onTokenChange((t) => seen.push(t));
    const { apiToken } = await methods['settings.rotateToken']({});
    expect(apiToken).not.toBe(first);
    expect(settings.apiToken).toBe(apiToken);
    expect(seen).toEqual([apiToken]);
    expect(JSON.stringify(new SettingsRepo(db).all())).not.toContain(apiToken);
    expect(() => settings.rotateToken('short')).toThrow(/16 to 128/);
  });
});
