// PTZ, device control, configuration, alarms and mobile positions as the core and the shells see them: the
// methods, the alarm store fed by the GB server's alarm sink, Alarm / MobilePosition subscriptions kept by
// WantedSubscriptions, and the stops owed when an API client disconnects or a live session ends.
import type { AlarmEntry } from '../../shared/types/control';
import { alarmMethods, type AlarmMethodName } from '../api/methods/alarms';
import { controlMethods, type ControlMethodName } from '../api/methods/control';
import { ptzMethods, type PtzMethodName } from '../api/methods/ptz';
import type { ApiClients } from '../api/clients';
import type { ApiHandlers } from '../api/handlers';
import { queryAlarms, type AlarmQuery } from '../gb28181/alarm/alarm-query';
import type { LoggingAlarmSink, ReceivedAlarm } from '../gb28181/alarm/alarm-sink';
import { EventSubscriptions } from '../gb28181/alarm/event-subscriptions';
import { ConfigControl } from '../gb28181/control/config-control';
import { ControlSender } from '../gb28181/control/control-sender';
import type { ControlDevices } from '../gb28181/control/device-access';
import { DeviceCommands } from '../gb28181/control/device-commands';
import { PtzControl } from '../gb28181/control/ptz-control';
import { ResponseCollector } from '../gb28181/control/response-collector';
import type { AlarmNotify } from '../gb28181/manscdp/messages/notify';
import { buildAlarmSubscribeQuery, buildMobilePositionSubscribeQuery, parseMobilePosition } from '../gb28181/manscdp/messages/notify';
import type { GbServer } from '../gb28181/server';
import type { Logger } from '../log/logger';
import type { Clock } from '../sip/timers/clock';
import { systemClock } from '../sip/timers/clock';
import type { AlarmStore } from '../store/alarms/alarm-store';
import type { EventBus } from './event-bus';

export type ControlMethods = Pick<ApiHandlers, PtzMethodName | ControlMethodName | AlarmMethodName>;

export interface ControlFeature {
  methods: ControlMethods;
  ptz: PtzControl;
  commands: DeviceCommands;
  store: AlarmStore;
  /** Live view: ask for a keyframe right after the INVITE is answered. */
  requestKeyframe(deviceId: string, channelId: string): Promise<unknown>;
  close(): void;
}

export interface ControlFeatureDeps {
  gb: GbServer;
  /** Alarms, positions, preset names and wanted subscriptions, over the store engine. */
  store: AlarmStore;
  events: EventBus;
  logger: Logger;
  /** The sink given to the GB server: each alarm it routes is stored here. */
  alarms: LoggingAlarmSink;
  clients: ApiClients;
  clock?: Clock;
  timing?: { answerMs?: number; watchRebootMs?: number };
}

export function createControlFeature(d: ControlFeatureDeps): ControlFeature {
  const clock = d.clock ?? systemClock;
  const service = d.gb.devices;
  const registry = d.gb.registry;
  const collector = new ResponseCollector(clock);
  const unhook: Array<() => void> = [];

  const devices: ControlDevices = {
    sendManscdp: (id, doc) => service.sendManscdp(id, doc),
    query: (id, build, ms) => service.query(id, build, ms),
    nextSn: () => service.nextSn(),
    gbVersion: (id) => service.record(id)?.gbVersion ?? undefined,
    isOnline: (id) => service.isOnline(id),
    note: (id, level, text) => registry.note(id, level, text),
    onManscdp: (cmdType, h) => service.onManscdp(cmdType, (id, body) => h(id, body)),
    onRegistered: (fn) => service.onRegistered((s, kind) => fn(s.deviceId, kind)),
    onOffline: (fn) => service.onOffline((o) => fn(o.deviceId)),
  };
  for (const cmdType of ['PresetQuery', 'ConfigDownload', 'Alarm']) {
    unhook.push(devices.onManscdp(cmdType, (id, body) => void (body.root === 'Response' && collector.offer(id, body))));
  }

  const store = d.store;
  const sender = new ControlSender(devices, d.timing?.answerMs);
  const ptz = new PtzControl(devices, sender, collector, {
    names: (id, ch) => store.presetNames(id, ch),
    setName: (id, ch, index, name) => store.setPresetName(id, ch, index, name),
  });
  const commands = new DeviceCommands(devices, sender, clock, (r) => d.events.emit('device.rebooted', r), d.timing?.watchRebootMs);
  const config = new ConfigControl(devices, sender, collector);

  // Stops owed: the client that started a move is gone, the channel's live view ended, the device went away.
  unhook.push(d.clients.onGone((clientId) => void ptz.clientGone(clientId)));
  unhook.push(d.events.on('live.ended', (e) => void ptz.sessionEnded(e.deviceId, e.channelId)));
  unhook.push(devices.onOffline((id) => ptz.deviceGone(id)));

  // ---- alarms ---------------------------------------------------------------------------------------------
  const record = (deviceId: string, a: AlarmNotify, via: AlarmEntry['via']): Promise<AlarmEntry> =>
    store.addAlarm({
      deviceId,
      channelId: (a.deviceId || deviceId).slice(0, 64),
      priority: a.alarmPriority ?? null,
      method: a.alarmMethod ?? null,
      type: a.alarmType ?? null,
      eventType: a.eventType ?? null,
      time: a.alarmTime?.getTime() ?? null,
      timeRaw: a.alarmTimeRaw ?? null,
      description: a.alarmDescription ?? null,
      longitude: a.longitude ?? null,
      latitude: a.latitude ?? null,
      via,
      receivedAt: clock.now(),
    });
  unhook.push(
    d.alarms.on((r: ReceivedAlarm) => {
      record(r.deviceId, r.alarm, r.via).then(
        (entry) => d.events.emit('alarm.raised', entry),
        (err: Error) => d.logger.error(`storing an alarm from device ${r.deviceId} failed: ${err.message}`),
      );
    }),
  );

  const charsetOf = (id: string) => service.record(id)?.charset ?? 'gb2312';
  const subDeps = {
    stack: d.gb.stack,
    messenger: service.messenger,
    nextSn: () => service.nextSn(),
    clock,
    logger: d.logger,
    note: devices.note,
    charsetOf,
  };
  const alarmWanted = store.wanted('Alarm');
  const positionWanted = store.wanted('MobilePosition');
  const alarmSubs = new EventSubscriptions('Alarm', {
    ...subDeps,
    wanted: { has: (id) => alarmWanted.has(id) },
    body: (deviceId, sn) => buildAlarmSubscribeQuery({ sn, deviceId }),
  });
  const positionSubs = new EventSubscriptions('MobilePosition', {
    ...subDeps,
    wanted: { has: (id) => positionWanted.has(id) },
    body: (deviceId, sn) => buildMobilePositionSubscribeQuery({ sn, deviceId, interval: positionWanted.get(deviceId) ?? 5 }),
  });
  unhook.push(d.gb.wanted.add(alarmSubs), d.gb.wanted.add(positionSubs));
  // After a new registration the follow-ups renew every wanted kind (WantedSubscriptions.renew); keepalives and refreshes ensure them.

  unhook.push(
    devices.onManscdp('MobilePosition', (deviceId, body) => {
      if (body.root !== 'Notify') return;
      const stored = async () => {
        for (const p of parseMobilePosition(body, { timeZone: d.gb.timeZoneOf(deviceId) }).positions.slice(0, 100)) {
          const entry = await store.addPosition({
            deviceId,
            targetId: p.deviceId.slice(0, 64),
            time: p.time?.getTime() ?? null,
            longitude: p.longitude ?? null,
            latitude: p.latitude ?? null,
            speed: p.speed ?? null,
            direction: p.direction ?? null,
            altitude: p.altitude ?? null,
            receivedAt: clock.now(),
          });
          d.events.emit('position.updated', entry);
        }
      };
      stored().catch((err: Error) => d.logger.error(`storing a position from device ${deviceId} failed: ${err.message}`));
    }),
  );

  const setWanted = async (subs: EventSubscriptions, wanted: Map<string, number | null>, deviceId: string, on: boolean, interval: number | null) => {
    store.setWanted(deviceId, subs.event, on, interval);
    if (!on) {
      wanted.delete(deviceId);
      await subs.unsubscribe(deviceId);
      return subs.state(deviceId);
    }
    wanted.set(deviceId, interval);
    if (!service.isOnline(deviceId)) return { state: 'failed' as const, reason: `device ${deviceId} is offline; subscribed when it registers again` };
    return subs.start(deviceId);
  };

  const methods: ControlMethods = {
    ...ptzMethods(ptz),
    ...controlMethods(commands, config),
    ...alarmMethods({
      list: (f) => store.listAlarms(f),
      acknowledge: async (id) => {
        const r = await store.acknowledge(id, clock.now());
        if (r?.changed) d.events.emit('alarm.acknowledged', r.alarm);
        return r?.alarm;
      },
      subscribe: (id, on) => setWanted(alarmSubs, alarmWanted, id, on, null),
      query: async (q: AlarmQuery) => {
        const r = await queryAlarms(devices, collector, q, { idleMs: 3_000, totalMs: 20_000, timeZone: d.gb.timeZoneOf(q.deviceId) });
        const alarms: AlarmEntry[] = [];
        for (const a of r.alarms.slice(0, 1000)) alarms.push(await record(q.deviceId, a, 'QUERY'));
        return { answered: r.answered, alarms };
      },
      subscribePositions: (id, on, interval) => setWanted(positionSubs, positionWanted, id, on, interval ?? 5),
      positions: (o) => store.listPositions(o),
    }),
  };

  return {
    methods,
    ptz,
    commands,
    store,
    requestKeyframe: (deviceId, channelId) => commands.iframe(deviceId, channelId),
    close() {
      for (const off of unhook.splice(0)) off();
      commands.close();
      alarmSubs.close();
      positionSubs.close();
      collector.close();
    },
  };
}
