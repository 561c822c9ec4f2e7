// The composition root: builds the whole core (store, settings, SIP, API) from a config object.
// Both shells call it; it never imports electron.
import type { ServerStatus } from '../../shared/contract';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../shared/product';
import type { Settings } from '../../shared/settings';
import { EventBus } from '../api/event-bus';
import type { ApiHandlers } from '../api/handlers';
import { pendingMethods } from '../api/methods/pending';
import { serverMethods } from '../api/methods/server';
import { settingsMethods } from '../api/methods/settings';
import { assertValidSettings } from '../config/resolve';
import { createLogger, type Logger } from '../log/logger';
import { openDatabase } from '../store/sqlite/database';
import { SettingsRepo } from '../store/settings/settings-repo';
import { SettingsService } from './settings-service';
import { bindSipSockets } from './sip-placeholder';

export interface CoreConfig {
  dataDir: string;
  /** Settings given on the command line; they override stored settings for this run. */
  flags?: Partial<Settings>;
  /** Print log lines to the terminal. */
  print?: boolean;
}

export interface Core {
  handlers: ApiHandlers;
  events: EventBus;
  settings: SettingsService;
  logger: Logger;
  status(): ServerStatus;
  setHttpUrl(url: string | null): void;
  close(): Promise<void>;
}

export async function createCore(config: CoreConfig): Promise<Core> {
  const logger = createLogger({ print: config.print });
  const db = openDatabase(config.dataDir);
  const closers: Array<() => Promise<void> | void> = [() => void db.close()];
  try {
    const settings = new SettingsService(new SettingsRepo(db), config.flags ?? {});
    assertValidSettings(settings.resolution);
    const events = new EventBus();
    const startedAt = Date.now();
    let httpUrl: string | null = null;

    const sip = await bindSipSockets(settings.values.sipIp, settings.values.sipPort);
    closers.unshift(() => sip.close());

    const status = (): ServerStatus => ({
      productName: PRODUCT_NAME,
      version: PRODUCT_VERSION,
      sipId: settings.values.sipId,
      domain: settings.values.domain,
      sipListen: sip.listen,
      httpUrl,
      startedAt,
      uptimeSec: Math.floor((Date.now() - startedAt) / 1000),
      dataDir: config.dataDir,
    });
    settings.onChange(() => events.emit('server.statusChanged', status()));

    const stats = () => ({ devicesOnline: 0, devicesTotal: 0, sessionsOpen: 0, messagesPerSec: 0 });
    const handlers: ApiHandlers = {
      ...serverMethods(status, stats),
      ...settingsMethods(settings),
      ...pendingMethods(
        ['device.list', 'device.get', 'device.add', 'device.update', 'device.remove', 'device.refresh', 'channel.list', 'channel.tree', 'registration.failures', 'registration.clearFailure'],
        'device access',
      ),
      ...pendingMethods(['log.query', 'log.get', 'log.call', 'log.export'], 'the signalling log'),
      ...pendingMethods(['live.start', 'live.stop', 'live.list'], 'live view'),
      ...pendingMethods(['sim.start', 'sim.stop', 'sim.list'], 'the device simulator'),
    };

    return {
      handlers,
      events,
      settings,
      logger,
      status,
      setHttpUrl(url) {
        httpUrl = url;
        events.emit('server.statusChanged', status());
      },
      async close() {
        for (const close of closers) await close();
      },
    };
  } catch (err) {
    for (const close of closers) await close();
    throw err;
  }
}
