// The composition root: builds the whole core (store, settings, SIP + GB28181 server, signalling log, API)
// from a config object. Both shells call it; it never imports electron.
import path from 'node:path';
import type { ServerStats, ServerStatus } from '../../shared/contract';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../shared/product';
import type { Settings } from '../../shared/settings';
import type { ApiHandlers } from '../api/handlers';
import { deviceMethods } from '../api/methods/devices';
import { logMethods } from '../api/methods/log';
import { serverMethods } from '../api/methods/server';
import { settingsMethods } from '../api/methods/settings';
import { createSimMethods } from '../api/methods/sim';
import { assertValidSettings } from '../config/resolve';
import { startGbServer, type GbServer } from '../gb28181/server';
import { deviceServiceDirectory, type LiveDeviceDirectory } from '../live/directory';
import { createLogger, type Logger } from '../log/logger';
import { AlarmStore } from '../store/alarms/alarm-store';
import { DeviceStore } from '../store/devices/device-store';
import type { StoreSpec } from '../store/engine';
import { openStoreEngine } from '../store/open';
import { openSignallingLog } from '../store/open-log';
import { StoredSettings } from '../store/settings/stored-settings';
import { EventBus } from './event-bus';
import { createLiveFeature, type LiveFeature } from './live-feature';
import { createControlFeature, type ControlFeature } from './control-feature';
import { ApiClients } from '../api/clients';
import { LoggingAlarmSink } from '../gb28181/alarm/alarm-sink';
import { createRecordingsFeature } from './recordings-feature';
import { SettingsService } from './settings-service';
import { startCluster, type Cluster, type ClusterOptions } from '../cluster/cluster';
import { firstLanAddress } from '../sip/stack/local-address';
import { systemClock } from '../sip/timers/clock';
import { GcPauseMeter } from '../process/gc-pauses';

export interface CoreConfig {
  dataDir: string;
  /** Where devices, settings, alarms and the signalling log are stored (--store; default: SQLite in dataDir). */
  store?: StoreSpec;
  /** Settings given on the command line; they override stored settings for this run. */
  flags?: Partial<Settings>;
  /** Print log lines to the terminal. */
  print?: boolean;
  /** How often server.stats is pushed (ms); 0 turns it off. */
  statsIntervalMs?: number;
  /** Several instances, one platform: the Redis URL they share (--redis). */
  redis?: string;
  /** Tests: shorter cluster timings. */
  clusterTuning?: Pick<ClusterOptions, 'instanceTtlMs' | 'presenceRefreshMs' | 'prefix'>;
}

export interface Core {
  handlers: ApiHandlers;
  events: EventBus;
  settings: SettingsService;
  logger: Logger;
  gb: GbServer;
  /** Present with --redis. */
  cluster?: Cluster;
  live: LiveFeature;
  /** PTZ, device control, configuration, alarms and positions. */
  control: ControlFeature;
  /** API clients the transports report (HTTP event sockets, Electron windows). */
  clients: ApiClients;
  status(): ServerStatus;
  setHttpUrl(url: string | null): void;
  /** The writer threads collect their heaps, compacting (the heap-growth governor asks once a storm is over). */
  collectThreadHeaps(): void;
  /**
   * Whether any console shows the live signalling log ('log.message'). On at start (an Electron window gets every
   * event); the HTTP shell says when its consoles listen.
   */
  showLiveLog(on: boolean): void;
  close(): Promise<void>;
}

export async function createCore(config: CoreConfig): Promise<Core> {
  const logger = createLogger({ print: config.print });
  const store = await openStoreEngine(config.store ?? { kind: 'sqlite' }, config.dataDir, { onError: (err) => logger.warn(err.message) });
  const closers: Array<() => Promise<void> | void> = [() => store.close()];
  const close = async () => {
    for (const c of closers.splice(0)) {
      try {
        await c();
      } catch (err) {
        logger.error(`shutting down: ${(err as Error).message}`);
      }
    }
  };
  try {
    const storedSettings = await StoredSettings.open(store.settings);
    storedSettings.onError = (err) => logger.error(`saving settings failed: ${err.message}`);
    closers.unshift(() => storedSettings.flushed());
    const settings = new SettingsService(storedSettings, config.flags ?? {});
    assertValidSettings(settings.resolution);
    const events = new EventBus();
    const startedAt = Date.now();
    let httpUrl: string | null = null;

    // The log's engine follows the store's (store/open-log.ts).
    const log = await openSignallingLog(store, config.dataDir, {
      settings: () => ({ logRetentionDays: settings.values.logRetentionDays, logMaxMb: settings.values.logMaxMb }),
      exportDir: path.join(config.dataDir, 'exports'),
      onBatch: (messages) => events.emit('log.message', messages),
      onError: (text) => logger.error(text),
      relatedIds: (deviceId) => gb.registry.channelsOf(deviceId).map((c) => c.channelId),
    });
    closers.unshift(() => log.close());
    // The log takes messages before the first SIP message (SQLite: its writer thread loads while nothing else runs).
    await log.ready();

    const deviceStore = await DeviceStore.open(store.devices);
    deviceStore.onError = (err) => logger.error(`saving device data failed: ${err.message}`);
    closers.unshift(() => deviceStore.close());

    const alarmSink = new LoggingAlarmSink(logger);
    let sipAddress = () => ({ ip: '127.0.0.1', port: settings.values.sipPort });
    const cluster = config.redis
      ? await startCluster({ url: config.redis, logger, sipAddress: () => sipAddress(), sipId: () => settings.values.sipId, ...config.clusterTuning })
      : undefined;
    if (cluster) {
      closers.unshift(() => cluster.close());
      // Devices registered to another live instance are that instance's to watch and write (the store is shared).
      await cluster.learnOwners(deviceStore.devices.all().map((d) => d.deviceId));
      deviceStore.heldElsewhere = (id) => cluster.heldElsewhere(id);
    }
    const gb = await startGbServer({ settings, store: deviceStore, events, logger, tap: log.tap, alarms: alarmSink, cluster, udpThread: true });
    closers.unshift(() => gb.close());
    if (cluster) {
      // Closed before the GB server: its devices' presence is handed back while it can still say so.
      closers.unshift(() => cluster.close());
      const udp = gb.listen.find((l) => l.transport === 'udp') ?? gb.listen[0];
      sipAddress = () => ({ ip: udp.ip === '0.0.0.0' ? settings.values.mediaIp || firstLanAddress() : udp.ip, port: udp.port });
      await cluster.attach(gb.registry);
      await cluster.shareEvents(events);
      await cluster.shareSettings(settings);
    }

    // Closed before the GB server so the BYEs go out while the stack is still up.
    const liveDevices: LiveDeviceDirectory = { ...deviceServiceDirectory(gb.devices), requestKeyframe: (d, c) => control.requestKeyframe(d, c) };
    // With --redis: live view of another instance's device plays here; that instance places the call.
    cluster?.serveCalls({ stack: gb.stack, directory: liveDevices, settings: () => settings.values, answerTimeoutMs: 10_000, clock: systemClock });
    const live = createLiveFeature({ stack: gb.stack, devices: cluster ? cluster.liveDirectory(liveDevices, 10_000) : liveDevices, settings, events, logger, ssrcRange: cluster?.ssrcRange });
    closers.unshift(() => live.close());
    // With --redis: one call per channel across instances; a viewer elsewhere gets this instance's frames.
    cluster?.shareLive(live.service, () => settings.values.mediaIp);

    const clients = new ApiClients();
    cluster?.followClients(clients);
    const alarmStore = await AlarmStore.open(store.alarms);
    alarmStore.onError = (err) => logger.error(`saving alarm data failed: ${err.message}`);
    closers.unshift(() => alarmStore.flushed());
    const control = createControlFeature({ gb, store: alarmStore, events, logger, alarms: alarmSink, clients });
    closers.unshift(() => control.close());

    const recordings = createRecordingsFeature({
      stack: gb.stack,
      devices: gb.devices,
      timeZoneOf: (id) => gb.timeZoneOf(id),
      host: live.service.host,
      events,
      logger,
      downloadsDir: path.join(config.dataDir, 'downloads'),
      // A download here of another instance's device measures against its records, asked through its owner.
      recordQuery: cluster ? async (q) => handlers['record.query'](q) : undefined,
    });
    closers.unshift(() => recordings.close());

    const sim = createSimMethods({
      serverAddress: () => {
        const udp = gb.listen.find((l) => l.transport === 'udp') ?? gb.listen[0];
        return { ip: udp.ip === '0.0.0.0' ? '127.0.0.1' : udp.ip, port: udp.port };
      },
      serverId: () => settings.values.sipId,
      domain: () => settings.values.domain,
      password: () => settings.values.password,
      log: (line) => logger.info(line),
    });
    closers.unshift(() => sim.close());

    const status = (): ServerStatus => ({
      productName: PRODUCT_NAME,
      version: PRODUCT_VERSION,
      sipId: settings.values.sipId,
      domain: settings.values.domain,
      sipListen: gb.listen,
      httpUrl,
      startedAt,
      uptimeSec: Math.floor((Date.now() - startedAt) / 1000),
      dataDir: config.dataDir,
    });
    const gcPauses = new GcPauseMeter();
    closers.unshift(() => gcPauses.stop());
    const stats = (): ServerStats => {
      const l = log.stats();
      return {
        ...gb.stats(),
        sessionsOpen: live.stats().sessionsOpen,
        messagesPerSec: log.messagesPerSec(),
        logDropped: l.dropped,
        logQueued: l.queued,
        logBehindMs: l.behindMs,
        logDaysAtLimit: l.daysAtLimit,
        gc: gcPauses.read(),
      };
    };
    settings.onChange(() => events.emit('server.statusChanged', status()));

    const statsEvery = config.statsIntervalMs ?? 1000;
    if (statsEvery > 0) {
      const timer = setInterval(() => events.emit('server.stats', stats()), statsEvery);
      timer.unref();
      closers.unshift(() => clearInterval(timer));
    }

    const local: ApiHandlers = {
      ...serverMethods(status, stats),
      ...settingsMethods(settings),
      ...deviceMethods(gb),
      ...logMethods(log),
      ...live.methods,
      ...control.methods,
      ...recordings.methods,
      ...sim,
    };
    // With --redis, a method about a device registered to another instance runs there; lists cover every instance.
    const handlers = cluster ? cluster.route(local) : local;

    return {
      handlers,
      events,
      settings,
      logger,
      gb,
      cluster,
      live,
      control,
      clients,
      status,
      setHttpUrl(url) {
        httpUrl = url;
        events.emit('server.statusChanged', status());
      },
      collectThreadHeaps() {
        for (const thread of [log, store.devices]) {
          void thread.collectHeap?.().catch((err: unknown) => logger.warn(`collecting a writer thread's memory failed: ${(err as Error).message}`));
        }
      },
      showLiveLog: (on) => log.liveTail?.(on),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
