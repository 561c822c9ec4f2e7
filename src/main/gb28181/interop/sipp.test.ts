// Interop with sipp (Debian sip-tester) as a GB/T 28181 device, over UDP and TCP: REGISTER / 401 / REGISTER
// with digest (the device ID as username) / 200 with Date, Expires and X-GB-Ver; a keepalive MESSAGE / 200;
// Expires: 0 / 200; and a wrong password / 403. sipp judges our answers (its ereg checks fail the call).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, tempDir, type Harness } from '../server/testing/harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const scenarios = path.join(here, 'scenarios');

function hasSipp(): boolean {
  try {
    execFileSync('sipp', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined;
  }
}

/** What sipp writes to its error log when our answer is not what the scenario expects. */
const SIPP_FAULT = /Aborting|Failed regexp|unexpected|timed out|Discarding/i;

interface SippRun {
  code: number | null;
  errors: string;
}

function runSipp(port: number, scenario: string, transport: 'u1' | 't1', deviceId: string, password: string): Promise<SippRun> {
  const dir = tempDir();
  const csv = path.join(dir, 'devices.csv');
  fs.writeFileSync(csv, `SEQUENTIAL\n${deviceId};[authentication username=${deviceId} password=${password}];\n`);
  const args = [
    `127.0.0.1:${port}`,
    '-sf', path.join(scenarios, scenario),
    '-oocsf', path.join(scenarios, 'answer-200.xml'),
    '-inf', csv,
    '-key', 'server', '34020000002000000001',
    '-key', 'domain', '3402000000',
    '-t', transport,
    '-i', '127.0.0.1',
    '-p', '0',
    '-m', '1',
    '-nostdin',
    '-trace_err',
    '-timeout', '10s',
    '-timeout_error',
  ];
  return new Promise((resolve) => {
    const p = spawn('sipp', args, { cwd: dir, stdio: 'ignore' });
    p.on('exit', (code) => {
      const log = fs.readdirSync(dir).find((f) => f.endsWith('_errors.log'));
      resolve({ code, errors: log ? fs.readFileSync(path.join(dir, log), 'utf8') : '' });
    });
  });
}

describe.skipIf(!hasSipp())('sipp as a GB/T 28181 device', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: 0 } });
    port = h.server.listen[0].port;
  });
  afterAll(async () => {
    await h.close();
  });

  for (const [transport, name, id] of [
    ['u1', 'UDP', '34020000001320000101'],
    ['t1', 'TCP', '34020000001320000102'],
  ] as const) {
    it(`${name}: register with digest, keepalive, unregister`, async () => {
      const online = h.next('device.online', (d) => d.deviceId === id, 15_000);
      const offline = h.next('device.offline', (d) => d.deviceId === id, 15_000);
      const run = await runSipp(port, 'gb-register-keepalive-unregister.xml', transport, id, '12345678');
      expect(run.errors).not.toMatch(SIPP_FAULT);
      // our DeviceInfo / Catalog queries after the registration reached sipp (answered by answer-200.xml)
      expect(run.errors).toContain('Received out-of-call MESSAGE message');
      expect(run.code).toBe(0);
      const on = await online;
      expect(on.transport).toBe(name);
      expect(on.gbVersion).toBe('3.0');
      expect((await offline).reason).toMatch(/^unregistered \(REGISTER with Expires: 0 from 127\.0\.0\.1:\d+\)$/);
      const d = await h.details(id);
      expect(d.lastSeenAt).not.toBeNull();
      expect(d.online).toBe(false);
    }, 30_000);

    it(`${name}: a wrong password gets 403 and a diagnostic naming the device`, async () => {
      const wrongId = id.replace(/0(\d)$/, '9$1');
      const failed = h.next('registration.failed', (f) => f.deviceId === wrongId, 15_000);
      const run = await runSipp(port, 'gb-wrong-password.xml', transport, wrongId, 'not-the-password');
      expect(run.errors).not.toMatch(SIPP_FAULT);
      expect(run.code).toBe(0);
      const f = await failed;
      expect(f.message).toMatch(new RegExp(`^device ${wrongId} at 127\\.0\\.0\\.1:\\d+ sent a wrong password \\(1st time\\)`));
      expect(f.transport).toBe(name);
    }, 30_000);
  }
});
