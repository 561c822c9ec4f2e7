// Headless shell: the same core in plain Node, serving the built renderer and the API over HTTP + WebSocket.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer, type RunningHttpServer } from './api/http/server';
import { removeTokenFile, writeTokenFile } from './api/http/token-file';
import { defaultDataDir } from './config/data-dir';
import { FlagError, helpText, parseFlags } from './config/flags';
import { SettingsError } from './config/resolve';
import { createCore, type Core } from './core/create-core';
import { governHeapGrowthDuringStorms, limitHeapGrowth } from './core/heap-growth';
import { describeBindError, StartupError } from './config/bind-errors';
import { acquireDataLock } from './store/sqlite/data-lock';
import { DataDirError } from './store/sqlite/database';
import { isLoopbackHost } from './api/http/auth';

export async function runHeadless(argv: string[], rendererDir: string): Promise<void> {
  const flags = parseFlags(argv);
  if (flags.help) {
    console.log(helpText('npm run serve --'));
    return;
  }
  const dataDir = path.resolve(flags.dataDir ?? defaultDataDir());
  const lock = acquireDataLock(dataDir);
  limitHeapGrowth();
  let core: Core;
  try {
    core = await createCore({ dataDir, flags: flags.settings, print: true, redis: flags.redis, store: flags.store });
  } catch (err) {
    lock.release();
    throw err;
  }
  const host = flags.httpHost ?? '127.0.0.1';
  const port = flags.httpPort ?? 8080;
  let http: RunningHttpServer;
  try {
    useTokenFromEnvironment(core);
    http = await startHttpServer({ handlers: core.handlers, events: core.events, host, port, rendererDir, token: () => core.settings.apiToken, live: core.live, clients: core.clients, exportDir: path.join(dataDir, 'exports'), onOptInDemand: (event, clients) => {
        if (event === 'log.message') core.showLiveLog(clients > 0);
      },
    });
  } catch (err) {
    await core.close();
    lock.release();
    if (err instanceof StartupError) throw err;
    throw new StartupError(describeBindError('--http-port', 'HTTP', host, port, err));
  }
  core.setHttpUrl(http.url);
  const heapGovernor = governHeapGrowthDuringStorms(core);
  const tokenFile = writeTokenFile(dataDir, core.settings.apiToken);
  core.settings.onTokenChange((token) => {
    writeTokenFile(dataDir, token);
    http.disconnectAll();
  });

  const s = core.status();
  for (const l of s.sipListen) console.log(`SIP listening on ${l.transport.toUpperCase()} ${l.ip}:${l.port} as ${s.sipId} (domain ${s.domain})`);
  if (core.settings.generatedPassword) {
    console.log(`Device password generated for this server: ${core.settings.generatedPassword} (shown once; also in Settings)`);
  }
  // The fragment never reaches a server; another computer opens the console with it once.
  const tokenHint = isLoopbackHost(host) ? '' : `#token=${core.settings.apiToken}`;
  console.log(`Console: ${http.url}${tokenHint}`);
  console.log(`API token for scripts: in ${tokenFile} (new each start; send it as "Authorization: Bearer <token>")`);
  console.log(`Data folder: ${dataDir}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    heapGovernor.stop();
    await http.close();
    await core.close();
    removeTokenFile(dataDir);
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** GB_API_TOKEN fixes this run's token (a test harness that must know it before start-up). */
function useTokenFromEnvironment(core: Core): void {
  const fixed = process.env.GB_API_TOKEN;
  if (!fixed) return;
  try {
    core.settings.rotateToken(fixed);
  } catch (err) {
    throw new StartupError(`GB_API_TOKEN: ${(err as Error).message}`);
  }
}

export function installCrashGuards(): void {
  process.on('unhandledRejection', (reason) => console.error('Unhandled rejection (kept running):', reason));
  process.on('uncaughtException', (err) => console.error('Uncaught exception (kept running):', err));
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  installCrashGuards();
  const here = path.dirname(fileURLToPath(import.meta.url));
  runHeadless(process.argv.slice(2), path.resolve(here, '../renderer')).catch((err) => {
    if (err instanceof FlagError || err instanceof SettingsError || err instanceof StartupError || err instanceof DataDirError) {
      console.error(`Cannot start: ${err.message}`);
    } else {
      console.error('Cannot start:', err);
    }
    process.exit(2);
  });
}
