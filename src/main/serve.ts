// Headless shell: the same core in plain Node, serving the built renderer and the API over HTTP + WebSocket.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from './api/http/server';
import { defaultDataDir } from './config/data-dir';
import { FlagError, helpText, parseFlags } from './config/flags';
import { SettingsError } from './config/resolve';
import { createCore } from './core/create-core';
import { describeBindError, StartupError } from './config/bind-errors';
import { DataDirError } from './store/sqlite/database';
import { isLoopbackHost } from './api/http/auth';

export async function runHeadless(argv: string[], rendererDir: string): Promise<void> {
  const flags = parseFlags(argv);
  if (flags.help) {
    console.log(helpText('npm run serve --'));
    return;
  }
  const dataDir = path.resolve(flags.dataDir ?? defaultDataDir());
  const core = await createCore({ dataDir, flags: flags.settings, print: true });
  const host = flags.httpHost ?? '127.0.0.1';
  const port = flags.httpPort ?? 8080;
  let http;
  try {
    http = await startHttpServer({ handlers: core.handlers, events: core.events, host, port, rendererDir, token: core.settings.apiToken, live: core.live });
  } catch (err) {
    await core.close();
    throw new StartupError(describeBindError('--http-port', 'HTTP', host, port, err));
  }
  core.setHttpUrl(http.url);

  const s = core.status();
  for (const l of s.sipListen) console.log(`SIP listening on ${l.transport.toUpperCase()} ${l.ip}:${l.port} as ${s.sipId} (domain ${s.domain})`);
  if (core.settings.generatedPassword) {
    console.log(`Device password generated for this server: ${core.settings.generatedPassword} (shown once; also in Settings)`);
  }
  const tokenHint = isLoopbackHost(host) ? '' : `#token=${core.settings.apiToken}`;
  console.log(`Console: ${http.url}${tokenHint}`);
  console.log(`Data folder: ${dataDir}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await http.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
