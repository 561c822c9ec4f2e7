import { describe, expect, it } from 'vitest';
import { FlagError, helpText, parseFlags, SETTING_FLAGS } from './flags';
import { assertValidSettings, resolveSettings, SettingsError } from './resolve';

function startupError(argv: string[]): string {
  try {
    const flags = parseFlags(argv);
    assertValidSettings(resolveSettings({}, flags.settings, 'secret12'));
    return '';
  } catch (err) {
    if (err instanceof FlagError || err instanceof SettingsError) return err.message;
    throw err;
  }
}

describe('flags', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    const f = parseFlags([
      '--data-dir', '/tmp/x', '--sip-ip=127.0.0.1', '--sip-port', '5070', '--http-host', '0.0.0.0', '--http-port=0',
      '--sip-id', '44010200492000000001', '--domain', '4401020049', '--password', 'pw', '--media-ip', '10.0.0.2',
      '--media-ports', '40000-40100',
    ]);
    expect(f).toEqual({
      dataDir: '/tmp/x',
      httpHost: '0.0.0.0',
      httpPort: 0,
      settings: {
        sipIp: '127.0.0.1', sipPort: 5070, sipId: '44010200492000000001', domain: '4401020049', password: 'pw',
        mediaIp: '10.0.0.2', mediaPortMin: 40000, mediaPortMax: 40100,
      },
    });
  });

  it('names for each setting the flag that sets it', () => {
    const samples: Record<string, string> = {
      '--sip-ip': '127.0.0.1', '--sip-port': '5070', '--sip-id': '44010200492000000001', '--domain': '4401020049',
      '--password': 'pw', '--media-ip': '10.0.0.2', '--media-ports': '40000-40100',
    };
    for (const [key, flag] of Object.entries(SETTING_FLAGS)) {
      expect(Object.keys(parseFlags([flag!, samples[flag!]]).settings), `${flag} sets ${key}`).toContain(key);
    }
  });

  it('documents every flag in --help', () => {
    const text = helpText('npm run serve --');
    for (const flag of ['--data-dir', '--sip-ip', '--sip-port', '--http-host', '--http-port', '--sip-id', '--domain', '--password', '--media-ip', '--media-ports', '--help']) {
      expect(text).toContain(flag);
    }
  });

  it('names the flag and the rule for each invalid value', () => {
    expect(startupError(['--sip-id', '340200000020000000'])).toBe(
      '--sip-id: SIP ID must be exactly 20 digits (GB/T 28181 §1); got 18 digits (340200000020000000)',
    );
    expect(startupError(['--sip-port', '70000'])).toBe('--sip-port: SIP port must be a whole number from 1 to 65535; got 70000');
    expect(startupError(['--domain', '3402000001'])).toMatch(/^--domain: domain must be the first 10 digits of the SIP ID 34020000002000000001, i\.e\. 3402000000/);
    expect(startupError(['--media-ports', '31000-30000'])).toMatch(/^--media-ports: media port range end 30000 is below its start 31000/);
    expect(startupError(['--media-ports', 'lots'])).toMatch(/^--media-ports lots: must be a range/);
    expect(startupError(['--sip-port', 'abc'])).toBe('--sip-port abc: must be a whole number');
    expect(startupError(['--bogus'])).toMatch(/^--bogus: unknown flag/);
    expect(startupError(['--sip-ip', '1.2.3'])).toMatch(/^--sip-ip: SIP IP must be an IPv4 address/);
    expect(startupError([])).toBe('');
  });

  it('lets a flag beat a stored value and a stored value beat the default', () => {
    const r = resolveSettings({ sipPort: 5070, domain: '3402000000' }, { sipPort: 5080 }, 'pw');
    expect(r.values.sipPort).toBe(5080);
    expect(r.sources.sipPort).toBe('flag');
    expect(r.sources.domain).toBe('stored');
    expect(r.sources.mediaPortMin).toBe('default');
  });

  it('takes a Redis URL for --redis and refuses anything else with a sentence naming the flag', () => {
    expect(parseFlags(['--redis', 'redis://127.0.0.1:6379']).redis).toBe('redis://127.0.0.1:6379');
    expect(parseFlags(['--redis=rediss://u:p@cache:6380/2']).redis).toBe('rediss://u:p@cache:6380/2');
    expect(startupError(['--redis', '127.0.0.1:6379'])).toBe('--redis 127.0.0.1:6379: must be a Redis URL such as redis://127.0.0.1:6379');
  });
});
