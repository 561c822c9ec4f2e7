// Command-line flags of both shells. Each flag maps to one config key; parsing only checks the shape
// (numbers, ranges written A-B); the rules live in shared/settings so the UI applies the same ones.
import type { Settings, SettingKey } from '../../shared/settings';
import { parseStoreSpec, StoreSpecError, type StoreSpec } from './store-spec';

export interface FlagValues {
  dataDir?: string;
  httpHost?: string;
  httpPort?: number;
  help?: boolean;
  /** Several instances, one platform: the Redis they share (redis://[user:password@]host:port[/db]). */
  redis?: string;
  /** Where devices, settings and alarms are kept (memory | sqlite | postgres://…). */
  store?: StoreSpec;
  settings: Partial<Settings>;
}

interface FlagSpec {
  name: string;
  arg: string;
  help: string;
  apply(value: string, out: FlagValues): void;
}

export class FlagError extends Error {}

function toInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new FlagError(`${flag} ${value}: must be a whole number`);
  return Number(value);
}

function redisUrl(value: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(value)) throw new FlagError(`--redis ${value}: must be a Redis URL such as redis://127.0.0.1:6379`);
  return value;
}

function storeSpec(value: string): StoreSpec {
  try {
    return parseStoreSpec(value);
  } catch (err) {
    if (err instanceof StoreSpecError) throw new FlagError(err.message);
    throw err;
  }
}

export const FLAG_SPECS: FlagSpec[] = [
  { name: '--data-dir', arg: 'DIR', help: 'folder for the database and exports (default: per-user data folder)', apply: (v, o) => void (o.dataDir = v) },
  { name: '--sip-ip', arg: 'IP', help: 'IPv4 address the SIP server listens on, UDP and TCP (default 0.0.0.0)', apply: (v, o) => void (o.settings.sipIp = v) },
  { name: '--sip-port', arg: 'PORT', help: 'SIP port, UDP and TCP (default 5060)', apply: (v, o) => void (o.settings.sipPort = toInt('--sip-port', v)) },
  { name: '--http-host', arg: 'HOST', help: 'address of the console and HTTP API (default 127.0.0.1; any other address requires the API token)', apply: (v, o) => void (o.httpHost = v) },
  { name: '--http-port', arg: 'PORT', help: 'port of the console and HTTP API (default 8080; 0 picks a free port)', apply: (v, o) => void (o.httpPort = toInt('--http-port', v)) },
  { name: '--sip-id', arg: 'ID', help: '20-digit SIP server ID (default 34020000002000000001)', apply: (v, o) => void (o.settings.sipId = v) },
  { name: '--domain', arg: 'DOMAIN', help: '10-digit SIP domain, the first 10 digits of the SIP ID (default 3402000000)', apply: (v, o) => void (o.settings.domain = v) },
  { name: '--password', arg: 'PW', help: 'device registration password (default: generated on first run, stored, printed once)', apply: (v, o) => void (o.settings.password = v) },
  { name: '--media-ip', arg: 'IP', help: 'IPv4 address put in SDP offers for media (default: the local address that routes to each device)', apply: (v, o) => void (o.settings.mediaIp = v) },
  {
    name: '--media-ports',
    arg: 'A-B',
    help: 'UDP/TCP port range for incoming media (default 30000-30999)',
    apply: (v, o) => {
      const m = /^(\d+)-(\d+)$/.exec(v);
      if (!m) throw new FlagError(`--media-ports ${v}: must be a range written A-B, e.g. 30000-30999`);
      o.settings.mediaPortMin = Number(m[1]);
      o.settings.mediaPortMax = Number(m[2]);
    },
  },
  {
    name: '--store',
    arg: 'ENGINE',
    help: 'where devices, settings, alarms and the signalling log are kept: sqlite (default, in the data folder), memory (nothing kept after exit) or postgres://user:password@host:5432/db (several servers share it)',
    apply: (v, o) => void (o.store = storeSpec(v)),
  },
  { name: '--redis', arg: 'URL', help: 'several servers, one platform: share device presence, nonces, SSRCs and commands through this Redis', apply: (v, o) => void (o.redis = redisUrl(v)) },
];

/** The flag that sets each setting a flag can set (Settings shows it beside a value the command line fixed). */
export const SETTING_FLAGS: Partial<Record<SettingKey, string>> = {
  sipIp: '--sip-ip',
  sipPort: '--sip-port',
  sipId: '--sip-id',
  domain: '--domain',
  password: '--password',
  mediaIp: '--media-ip',
  mediaPortMin: '--media-ports',
  mediaPortMax: '--media-ports',
};

export function parseFlags(argv: readonly string[]): FlagValues {
  const out: FlagValues = { settings: {} };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--help' || token === '-h') {
      out.help = true;
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const spec = FLAG_SPECS.find((s) => s.name === name);
    if (!spec) throw new FlagError(`${token}: unknown flag; run with --help to list the flags`);
    let value: string | undefined = eq > 0 ? token.slice(eq + 1) : argv[i + 1];
    if (eq < 0) i++;
    if (value === undefined || value === '') throw new FlagError(`${name}: needs a value (${spec.arg})`);
    spec.apply(value, out);
  }
  return out;
}

export function helpText(command: string): string {
  const width = Math.max(...FLAG_SPECS.map((s) => `${s.name} ${s.arg}`.length));
  const lines = FLAG_SPECS.map((s) => `  ${`${s.name} ${s.arg}`.padEnd(width)}  ${s.help}`);
  return [
    `Usage: ${command} [flags]`,
    '',
    'Flags override stored settings for this run.',
    ...lines,
    `  ${'--help'.padEnd(width)}  show this help`,
  ].join('\n');
}
