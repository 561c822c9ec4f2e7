// `npm run sim`: run simulated devices against a platform until Ctrl-C, then unregister them and exit.
import { createInterface } from 'node:readline';
import { HELP, parseCliArgs, type CliOptions } from './cli-args';
import { stateLine } from './cli-state';
import { SimFleet } from './fleet/fleet';

const time = () => new Date().toLocaleTimeString();
const say = (s: string) => console.log(`${time()} ${s}`);

function describeFleet(o: CliOptions['fleet']): string {
  const d = o.device ?? {};
  const faults = Object.entries({ ...d.faults, ...d.field })
    .filter(([, v]) => v)
    .map(([k, v]) => (v === true ? k : `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`));
  return (
    `${o.devices} device(s) x ${d.channels} channel(s) from ${o.idBase} over ${o.transport?.toUpperCase()} to ` +
    `${o.server.ip}:${o.server.port} (server ${o.server.id}, domain ${o.server.domain}), keepalive ${d.keepaliveSec} s, ` +
    `GB/T 28181-${d.gbVersion === '3.0' ? '2022' : '2016'}, ${d.charset?.toUpperCase()}` +
    (faults.length ? `; faults: ${faults.join(', ')}` : '')
  );
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`sim: ${parsed.message}`);
    return 2;
  }
  const { fleet: options, quiet } = parsed.options;
  say(`starting ${describeFleet(options)}`);
  const fleet = await SimFleet.start({ ...options, deferStart: true });
  const verbose = !quiet && fleet.devices.length <= 20;
  say(`simulator bound to ${fleet.localIp}; ${fleet.stats().sockets} socket(s)`);

  const failures = new Map<string, number>();
  fleet.events.on('registered', (e) => {
    if (verbose) say(`device ${e.deviceId} registered to ${fleet.get(e.deviceId)?.serverText() ?? `${options.server.ip}:${options.server.port}`}${e.count > 1 ? ` (refresh ${e.count - 1})` : ''}`);
  });
  fleet.events.on('register-failed', (e) => {
    const n = (failures.get(e.deviceId) ?? 0) + 1;
    failures.set(e.deviceId, n);
    if (verbose || n === 1) say(`device ${e.deviceId} could not register: ${e.reason}; retrying in ${Math.round(e.retryInMs / 1000)} s`);
  });
  if (verbose) {
    for (const d of fleet.devices) {
      d.events.on('invite', (e) => say(`device ${d.deviceId}: ${e.sessionName || 'INVITE'} for channel ${e.channelId}${e.answered ? '' : ' (not answering: fault)'}`));
      d.events.on('media-started', (e) => say(`device ${d.deviceId}: streaming channel ${e.channelId} over ${e.transport}, SSRC ${e.ssrc}`));
      d.events.on('media-ended', (e) => say(`device ${d.deviceId}: stream of channel ${e.channelId} ended (${e.reason})`));
      d.events.on('ptz', (e) => say(`device ${d.deviceId}: PTZ ${e.command ? e.command.kind : `refused: ${e.error}`} on ${e.channelId}`));
      d.events.on('control', (e) => say(`device ${d.deviceId}: ${e.what} ${e.value} on ${e.channelId}`));
      d.events.on('bad-message', (e) => say(`device ${d.deviceId}: unreadable MESSAGE: ${e.reason}`));
    }
  }

  const t0 = Date.now();
  let allRegisteredAt: number | undefined;
  const summary = () => {
    const s = fleet.stats();
    if (allRegisteredAt === undefined && s.registered === s.devices) allRegisteredAt = Date.now() - t0;
    say(
      `registered ${s.registered}/${s.devices}` +
        (allRegisteredAt !== undefined ? ` (all within ${allRegisteredAt < 1000 ? `${allRegisteredAt} ms` : `${(allRegisteredAt / 1000).toFixed(1)} s`})` : '') +
        `, retrying ${s.retrying}, keepalives ${s.keepalivesAnswered}/${s.keepalivesSent} answered, media sessions ${s.mediaSessions}`,
    );
  };
  const ticker = setInterval(summary, verbose ? 30_000 : 5_000);
  void fleet.startAll().then(() => summary());

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) {
      say('exiting without waiting');
      process.exit(130);
    }
    stopping = true;
    clearInterval(ticker);
    say(`${why}: unregistering ${fleet.stats().registered} device(s)...`);
    await fleet.stop();
    say('done');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('terminated'));

  if (process.stdin.isTTY || process.env.SIM_COMMANDS === '1') {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const [cmd, arg] = line.trim().split(/\s+/);
      const owner = (id?: string) => (id ? fleet.devices.find((d) => d.deviceId === id || d.channelIds.includes(id)) : fleet.devices[0]);
      switch ((cmd ?? '').toLowerCase()) {
        case '':
          return;
        case 'status':
          return summary();
        case 'state': {
          const d = owner(arg);
          if (!d) return say(`no simulated device or channel ${arg}`);
          return say(stateLine(d, arg ?? d.deviceId));
        }
        case 'alarm': {
          const d = owner(arg);
          if (!d) return say(`no simulated device or channel ${arg}`);
          void d.raiseAlarm({ channelId: arg && arg !== d.deviceId ? arg : undefined }).then(() => say(`alarm raised on ${arg ?? d.channelIds[0]}`));
          return;
        }
        case 'offline':
        case 'online': {
          const d = owner(arg);
          if (!d || !arg) return say(`usage: ${cmd} CHANNEL_ID`);
          d.setChannelOnline(arg, cmd.toLowerCase() === 'online');
          return say(`channel ${arg} is now ${cmd.toLowerCase()}`);
        }
        case 'outage': {
          const sec = Number(arg);
          const id = line.trim().split(/\s+/)[2];
          if (!Number.isFinite(sec) || sec <= 0) return say('usage: outage SEC [DEVICE_ID]');
          const targets = id ? [owner(id)].filter((d) => d !== undefined) : fleet.devices;
          if (!targets.length) return say(`no simulated device or channel ${id}`);
          for (const d of targets) d.outage(sec * 1000);
          return say(`${targets.length === 1 ? `device ${targets[0].deviceId}` : `${targets.length} devices`}: outage for ${sec} s`);
        }
        case 'quit':
        case 'exit':
          return void stop('quit');
        default:
          say(`unknown command "${cmd}"; try status, state, alarm, offline, online, outage, quit`);
      }
    });
    rl.on('close', () => {
      if (process.env.SIM_COMMANDS === '1') void stop('end of input');
    });
  }
  return new Promise(() => {});
}

process.on('unhandledRejection', (err) => console.error(`sim: unexpected error: ${(err as Error)?.message ?? err}`));
main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`sim: ${err.message}`);
    process.exit(1);
  },
);
