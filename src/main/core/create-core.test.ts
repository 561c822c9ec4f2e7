import { MASKED_SECRET } from '../../shared/contract';
import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SettingsError } from '../config/resolve';
import { createCore, type Core } from './create-core';
import { StartupError } from '../config/bind-errors';

const cores: Core[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gb-core-'));
}

async function core(dataDir: string, flags = {}) {
  const c = await createCore({ dataDir, flags: { sipIp: '127.0.0.1', sipPort: 0 as number, ...flags } });
  cores.push(c);
  return c;
}

describe('createCore', () => {
  it('generates a password once and keeps it and updated settings across a restart', async () => {
    const dir = tempDir();
    const first = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: 25071 } });
    expect(first.settings.generatedPassword).toMatch(/^[a-z2-9]{12}$/);
    const password = first.settings.values.password;
    await first.handlers['settings.update']({ mediaPortMax: 30500 });
    await first.close();

    const second = await core(dir, { sipPort: 25071 });
    expect(second.settings.generatedPassword).toBeNull();
    expect(second.settings.values.password).toBe(password);
    expect((await second.handlers['settings.get']({})).values.mediaPortMax).toBe(30500);
    const status = await second.handlers['server.status']({});
    expect(status.sipListen).toEqual([
      { transport: 'udp', ip: '127.0.0.1', port: 25071 },
      { transport: 'tcp', ip: '127.0.0.1', port: 25071 },
    ]);
  });

  it('rejects an update that breaks a rule, naming it, and stores nothing', async () => {
    const c = await core(tempDir(), { sipPort: 25072 });
    await expect(c.handlers['settings.update']({ domain: '1234567890' })).rejects.toThrow(/domain must be the first 10 digits/);
    await expect(c.handlers['settings.update']({ nonsense: 1 } as never)).rejects.toThrow(/unknown setting "nonsense"/);
    expect(c.settings.values.domain).toBe('3402000000');
  });

  it('reports restart-bound and flag-overridden settings', async () => {
    const c = await core(tempDir(), { sipPort: 25073 });
    const r = await c.handlers['settings.update']({ sipPort: 5070, password: 'newpass1' });
    expect(r.restartRequired).toEqual(['sipPort']);
    expect(r.overriddenByFlag).toEqual(['sipPort']);
    // the view masks the password; the service holds the new one
    expect(r.settings.values.password).toBe(MASKED_SECRET);
    expect(c.settings.values.password).toBe('newpass1');
  });

  it('stops start-up with one line naming the flag when the SIP port is taken', async () => {
    const blocker = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => blocker.bind(25074, '127.0.0.1', () => resolve()));
    try {
      await expect(createCore({ dataDir: tempDir(), flags: { sipIp: '127.0.0.1', sipPort: 25074 } })).rejects.toThrow(StartupError);
      await expect(createCore({ dataDir: tempDir(), flags: { sipIp: '127.0.0.1', sipPort: 25074 } })).rejects.toThrow(
        '--sip-port 25074: SIP UDP port 127.0.0.1:25074 is already in use by another program',
      );
    } finally {
      blocker.close();
    }
  });

  it('stops start-up on an invalid flag before binding anything', async () => {
    await expect(createCore({ dataDir: tempDir(), flags: { sipId: '1234' } })).rejects.toThrow(SettingsError);
  });
});
