// The same core over each store engine (--store): what the console keeps follows the engine, nothing else changes.
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, LOG_DATABASE_FILE } from '../store/sqlite/database';
import { pgForFile } from '../store/postgres/testing/pg-for-file';
import { waitFor } from '../cluster/testing/wait-for';
import { deviceMessage, keepaliveXml } from '../store/signalling/testing/messages';
import { freePort } from '../sip/interop/sipp';
import { createCore } from './create-core';

const DEV = '34020000001320000001';
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gb-core-store-'));
const flags = { sipIp: '127.0.0.1', sipPort: 25297 };
const pgFile = pgForFile();
const pgBin = pgFile.bin;

describe('createCore over a chosen store engine', () => {
  it('memory: the console works and keeps nothing, on disk or across a restart', async () => {
    const dir = tempDir();
    const first = await createCore({ dataDir: dir, flags, store: { kind: 'memory' }, statsIntervalMs: 0 });
    await first.handlers['device.add']({ deviceId: DEV, name: '大门' });
    await first.handlers['settings.update']({ mediaPortMax: 30500 });
    expect((await first.handlers['device.list']({})).map((d) => d.deviceId)).toEqual([DEV]);
    expect((await first.handlers['device.get']({ deviceId: DEV })).deviceId).toBe(DEV);
    await first.close();
    expect(fs.existsSync(path.join(dir, DATABASE_FILE))).toBe(false);

    const second = await createCore({ dataDir: dir, flags, store: { kind: 'memory' }, statsIntervalMs: 0 });
    try {
      expect(await second.handlers['device.list']({})).toEqual([]);
      expect(second.settings.values.mediaPortMax).not.toBe(30500);
      expect(second.settings.generatedPassword).not.toBeNull();
    } finally {
      await second.close();
    }
  });

  it('memory: the signalling log is searchable and nothing of it is written in the data folder', async () => {
    const dir = tempDir();
    const core = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: await freePort() }, store: { kind: 'memory' }, statsIntervalMs: 0 });
    const sock = dgram.createSocket('udp4');
    try {
      const port = core.gb.listen.find((l) => l.transport === 'udp')!.port;
      const answered = new Promise<Buffer>((r) => sock.once('message', r));
      sock.send(deviceMessage(keepaliveXml(7), 'ka-memory-log', DEV), port, '127.0.0.1');
      await answered;
      const logged = await waitFor('the keepalive and its answer in the log', async () => {
        const { messages } = await core.handlers['log.query']({ text: 'ka-memory-log' });
        return messages.length >= 2 ? messages : undefined;
      });
      expect(logged.map((m) => [m.direction, m.cmdType])).toEqual([['out', 'Keepalive'], ['in', 'Keepalive']]);
    } finally {
      await new Promise<void>((r) => sock.close(() => r()));
      await core.close();
    }
    expect(filesUnder(dir)).toEqual([]);
  });

  it.skipIf(!pgBin)(`postgres: two starts on different data folders share devices and settings${pgFile.skipReason}`, async () => {
    const url = await pgFile.server().createDatabase(`core_${process.pid}`);
    const first = await createCore({ dataDir: tempDir(), flags, store: { kind: 'postgres', url }, statsIntervalMs: 0 });
    const password = first.settings.values.password;
    await first.handlers['device.add']({ deviceId: DEV, name: '大门' });
    await first.handlers['settings.update']({ mediaPortMax: 30500 });
    await first.close();

    const dir = tempDir();
    const second = await createCore({ dataDir: dir, flags, store: { kind: 'postgres', url }, statsIntervalMs: 0 });
    try {
      expect(second.settings.generatedPassword).toBeNull();
      expect(second.settings.values.password).toBe(password);
      expect(second.settings.values.mediaPortMax).toBe(30500);
      expect((await second.handlers['device.list']({})).map((d) => [d.deviceId, d.name])).toEqual([[DEV, '大门']]);
      expect(fs.existsSync(path.join(dir, DATABASE_FILE))).toBe(false);
      expect(fs.existsSync(path.join(dir, LOG_DATABASE_FILE))).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('postgres: an unreachable server stops start-up with one line naming --store, without the password', async () => {
    await expect(createCore({ dataDir: tempDir(), flags, store: { kind: 'postgres', url: 'postgres://console:s3cret@127.0.0.1:1/gb' } })).rejects.toThrow(
      /^--store postgres:\/\/console:\*\*\*@127\.0\.0\.1:1\/gb: cannot open the PostgreSQL store \(.*ECONNREFUSED/,
    );
  });
});

/** Every file under dir (folders left out), relative. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}
