import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HELP, parseCliArgs } from './cli-args';
import { FakePlatform } from './testing/fake-platform';
import { until } from '../main/sip/transport/testing/peers';

describe('sim flags', () => {
  it('reads every documented flag into fleet options', () => {
    const r = parseCliArgs(
      ('--server 10.0.0.2:5070 --server-id 44010200492000000001 --password PW --devices 3 --channels 2 --transport tcp ' +
        '--keepalive 30 --gb-version 3.0 --charset utf-8 --id-base 44010200491320000001 --page-size 5 --no-qop --clip h265 ' +
        '--retry 1 --wrong-password --rtp-drop 5 --rtp-reorder 2 --no-keepalive --never-answer-invite --ssrc-mismatch --malformed-xml').split(' '),
    );
    if (r.kind !== 'run') throw new Error(JSON.stringify(r));
    const f = r.options.fleet;
    expect(f.server).toEqual({ ip: '10.0.0.2', port: 5070, id: '44010200492000000001', domain: '4401020049' });
    expect(f).toMatchObject({ password: 'PW', devices: 3, transport: 'tcp', idBase: '44010200491320000001' });
    expect(f.device).toMatchObject({ channels: 2, keepaliveSec: 30, gbVersion: '3.0', charset: 'utf-8', pageSize: 5, qop: 'none', clip: 'h265Main' });
    expect(f.device?.timing).toMatchObject({ retryMinMs: 1000 });
    expect(f.device?.faults).toEqual({
      wrongPassword: true,
      rtpDropPercent: 5,
      rtpReorderPercent: 2,
      noKeepalive: true,
      neverAnswerInvite: true,
      ssrcMismatch: true,
      malformedXml: true,
    });
  });

  it('reads the field-behaviour flags', () => {
    const r = parseCliArgs(
      ('--heartbeat 300 --no-config-download --branch-reuse --catalog-one-message --catalog-undercount 3 --catalog-answers-lost 2 --time-format unpadded ' +
        '--time-zone Asia/Shanghai --same-sent-by 192.168.1.64 --refresh-same-call-id').split(' '),
    );
    if (r.kind !== 'run') throw new Error(JSON.stringify(r));
    expect(r.options.fleet.device?.keepaliveSec).toBe(300);
    expect(r.options.fleet.device?.field).toEqual({
      branchReuse: true,
      noConfigDownload: true,
      catalogOneMessage: true,
      catalogUndercount: 3,
      catalogAnswersLost: 2,
      timeFormat: 'unpadded',
      timeZone: 'Asia/Shanghai',
      sentBy: '192.168.1.64',
      refreshSameCallId: true,
    });
    const plain = parseCliArgs([]);
    expect(plain.kind === 'run' && plain.options.fleet.device?.field).toEqual({});
    for (const flag of ['--branch-reuse', '--heartbeat', '--no-config-download', '--catalog-one-message', '--time-format', '--same-sent-by', '--refresh-same-call-id', 'outage SEC']) {
      expect(HELP).toContain(flag);
    }
    const msg = (args: string[]) => {
      const e = parseCliArgs(args);
      return e.kind === 'error' ? e.message : '';
    };
    expect(msg(['--time-format', 'iso'])).toBe('--time-format must be padded or unpadded or offset or millis; got "iso"');
    expect(msg(['--time-zone', 'Mars/Olympus'])).toMatch(/--time-zone must be a zone name such as Asia\/Shanghai/);
    expect(msg(['--same-sent-by', '192.168.1.300'])).toMatch(/--same-sent-by must be an IPv4 address/);
  });

  it('reads the recordings flags', () => {
    const r = parseCliArgs('--record-file-min 10 --record-late-parts 2 --record-late-sec 12 --no-media-status --download-recorded-only --ignore-range --media-stall-after 4.5'.split(' '));
    if (r.kind !== 'run') throw new Error(JSON.stringify(r));
    expect(r.options.fleet.device?.field).toEqual({
      recordFileMinutes: 10,
      recordLateParts: { parts: 2, delayMs: 12_000 },
      noMediaStatus: true,
      downloadRecordedOnly: true,
      rangeSeek: 'ignore',
      mediaStallAfterSec: 4.5,
    });
    const late = parseCliArgs(['--record-late-parts', '1', '--refuse-range', '--freeze-timestamps-after', '3']);
    expect(late.kind === 'run' && late.options.fleet.device?.field).toEqual({ recordLateParts: { parts: 1, delayMs: 15_000 }, rangeSeek: 'refuse', freezeTimestampsAfterSec: 3 });
    for (const flag of ['--record-file-min', '--record-late-parts', '--record-late-sec', '--no-media-status', '--download-recorded-only', '--ignore-range', '--refuse-range', '--media-stall-after', '--freeze-timestamps-after']) {
      expect(HELP).toContain(flag);
    }
    const msg = (args: string[]) => {
      const e = parseCliArgs(args);
      return e.kind === 'error' ? e.message : '';
    };
    expect(msg(['--ignore-range', '--refuse-range'])).toMatch(/cannot be used together/);
    expect(msg(['--record-late-sec', '5'])).toMatch(/needs --record-late-parts/);
    expect(msg(['--record-file-min', '0'])).toMatch(/--record-file-min must be a whole number from 1/);
  });

  it('reads the live GOP, IFrame and alarm-timer flags', () => {
    const r = parseCliArgs('--gop 4 --start-on-keyframe --ignore-iframe --alarm-every 20 --alarm-priority 2 --alarm-method 2 --alarm-type 4'.split(' '));
    if (r.kind !== 'run') throw new Error(JSON.stringify(r));
    expect(r.options.fleet.device).toMatchObject({ gopSec: 4, midGopStart: false, alarmTimer: { everySec: 20, priority: 2, method: 2, alarmType: 4 } });
    expect(r.options.fleet.device?.field).toEqual({ ignoreIFrame: true });
    const plain = parseCliArgs([]);
    expect(plain.kind === 'run' && plain.options.fleet.device).toMatchObject({ gopSec: 2, midGopStart: true, alarmTimer: undefined });
    const alarmOnly = parseCliArgs(['--alarm-every', '60']);
    expect(alarmOnly.kind === 'run' && alarmOnly.options.fleet.device?.alarmTimer).toEqual({ everySec: 60, priority: 1, method: 5, alarmType: 2 });
    const h265 = parseCliArgs(['--clip', 'h265']);
    expect(h265.kind === 'run' && h265.options.fleet.device?.gopSec).toBe(1);
    for (const flag of ['--gop', '--start-on-keyframe', '--ignore-iframe', '--alarm-every', '--alarm-priority', '--alarm-method', '--alarm-type', 'MobilePosition']) {
      expect(HELP).toContain(flag);
    }
    const msg = (args: string[]) => {
      const e = parseCliArgs(args);
      return e.kind === 'error' ? e.message : '';
    };
    expect(msg(['--gop', '0'])).toMatch(/--gop must be a number from 0.04 to 60/);
    expect(msg(['--gop', '4', '--clip', 'h265'])).toMatch(/--gop above 1 s needs --clip h264/);
    expect(msg(['--alarm-priority', '2'])).toBe('--alarm-priority needs --alarm-every SEC');
    expect(msg(['--alarm-every', '10', '--alarm-priority', '5'])).toMatch(/--alarm-priority must be a whole number from 1 to 4/);
  });

  it('has defaults for a first run and help that lists the flags', () => {
    const r = parseCliArgs([]);
    expect(r.kind === 'run' && r.options.fleet.server).toEqual({ ip: '127.0.0.1', port: 5060, id: '34020000002000000001', domain: '3402000000' });
    expect(parseCliArgs(['--help']).kind).toBe('help');
    for (const flag of ['--server-id', '--gb-version', '--charset', '--id-base', '--never-answer-invite']) expect(HELP).toContain(flag);
  });

  it('explains bad values in installer words', () => {
    const msg = (args: string[]) => {
      const r = parseCliArgs(args);
      return r.kind === 'error' ? r.message : '';
    };
    expect(msg(['--transport', 'sctp'])).toBe('--transport must be udp or tcp; got "sctp"');
    expect(msg(['--server', '10.0.0.1'])).toMatch(/--server must be IP:PORT/);
    expect(msg(['--server-id', '123'])).toMatch(/20-digit/);
    expect(msg(['--devices', '0'])).toMatch(/--devices must be a whole number from 1/);
    expect(msg(['--bogus'])).toMatch(/Unknown option '--bogus'.*see --help/);
  });
});

let platform: FakePlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

describe('sim CLI', () => {
  it('registers its devices, and on Ctrl-C unregisters them with Expires 0 and exits 0', async () => {
    platform = await FakePlatform.start({ password: 'secret' });
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--server', `127.0.0.1:${platform.port}`, '--password', 'secret', '--devices', '2', '--channels', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      await platform.waitFor(() => platform!.registrations.size === 2, 15_000, 'two registrations');
      // The simulator's own word that both got their 200 OK: the platform counts them before its answers arrive.
      await until('the simulator to report both registered', () => (out.match(/registered to/g) ?? []).length === 2, 15_000);
      const gone = platform.waitFor(() => platform!.registrations.size === 0, 10_000, 'unregistrations');
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      await gone;
      const [code] = await exited;
      expect(code).toBe(0);
      expect(out).toContain('unregistering 2 device(s)');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
