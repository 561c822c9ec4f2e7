// The settings service's refusals carry a code and parameters, so the console words them in its language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../shared/errors';
import { SettingsRepo } from '../store/settings/settings-repo';
import { openDatabase } from '../store/sqlite/database';
import { SettingsService } from './settings-service';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function service(): SettingsService {
  const db = openDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'gb-settings-texts-')));
  closers.push(() => db.close());
  new SettingsRepo(db).set('password', 'site-pw-1234');
  return new SettingsService(new SettingsRepo(db), {});
}

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('not refused');
};

describe('settings refusals as server texts', () => {
  it('names unknown settings (setting.unknown), at most ten of them', () => {
    const err = refusal(() => service().update({ nonsense: 1, other: 2 } as never));
    expect(err).toMatchObject({ code: 'invalid_setting', message: 'unknown setting "nonsense", "other"', text: { code: 'setting.unknown', params: { names: '"nonsense", "other"' } } });
    const many = refusal(() => service().update(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])) as never));
    expect(many.text?.params.names).toBe(Array.from({ length: 10 }, (_, i) => `"k${i}"`).join(', '));
  });

  it("words a rule's problem with the setting named first (setting.invalid), every problem in the details", () => {
    const err = refusal(() => service().update({ sipPort: 0, logMaxMb: 1 }));
    expect(err.code).toBe('invalid_setting');
    expect(err.message).toBe('sipPort: SIP port must be a whole number from 1 to 65535; got 0');
    expect(err.text).toMatchObject({ code: 'setting.invalid', params: { key: 'sipPort', problem: { code: 'setting.sipPort', params: { got: 0 } } } });
    expect(err.details).toEqual({ sipPort: 'SIP port must be a whole number from 1 to 65535; got 0', logMaxMb: 'log size limit must be from 16 MB to 1 TB; got 1 MB' });
  });

  it('refuses an API token of the wrong shape with setting.apiTokenFormat', () => {
    const err = refusal(() => service().rotateToken('short'));
    expect(err).toMatchObject({ code: 'bad_request', message: 'an API token is 16 to 128 letters, digits, "-" or "_"', text: { code: 'setting.apiTokenFormat' } });
  });
});
