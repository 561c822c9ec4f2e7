// What a device does with each MANSCDP request (GB/T 28181-2016 §9.3 control, §9.5 query, A.2.3-A.2.5).
// The 200 OK to the MESSAGE has gone already; answers go out as MESSAGEs of their own with the same SN.
import { parseGbTime } from '../../main/gb28181/datetime';
import { catalogEntries, pages } from '../model/catalog';
import { findRecords } from '../model/records';
import { configProblems, isEditableConfig, problemText } from '../../shared/config-fields';
import { child, text, type ManscdpMessage, type XmlValue } from '../manscdp/read';
import * as doc from '../manscdp/messages';
import { blockXml, extrasOf } from '../model/device-extras';
import { el } from '../manscdp/xml';
import type { SimDevice } from './device';

export async function handleManscdp(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const cmd = msg.cmdType.toLowerCase();
  if (msg.root === 'Query') {
    switch (cmd) {
      case 'catalog':
        return catalog(device, msg);
      case 'deviceinfo':
        return device.reply(
          doc.deviceInfo(device.deviceId, msg.sn, {
            name: device.config.name,
            manufacturer: device.config.manufacturer,
            model: device.config.model,
            firmware: device.config.firmware,
            channels: device.tree.channels.length,
          }),
          'DeviceInfo',
        );
      case 'devicestatus':
        return device.reply(
          doc.deviceStatus(msg.deviceId || device.deviceId, msg.sn, {
            recording: [...device.control.values()].some((c) => c.recording),
            deviceTime: device.clock.now(),
            alarms: device.tree.channels.map((c) => {
              const s = device.control.get(c.channelId)!;
              return { channelId: c.channelId, duty: s.alarm ? 'ALARM' : s.guard ? 'ONDUTY' : 'OFFDUTY' };
            }),
          }, device.timeText),
          'DeviceStatus',
        );
      case 'recordinfo':
        return recordInfo(device, msg);
      case 'configdownload':
        return configDownload(device, msg);
      case 'ptzposition':
        return ptzPosition(device, msg);
      case 'alarm':
        return alarmHistory(device, msg);
      case 'presetquery':
        return device.reply(doc.presetQuery(msg.deviceId || device.deviceId, msg.sn, device.ptz(msg.deviceId).presetList()), 'PresetQuery');
      default:
        return;
    }
  }
  if (msg.root === 'Control') {
    if (cmd === 'devicecontrol') return deviceControl(device, msg);
    if (cmd === 'deviceconfig') return deviceConfig(device, msg);
  }
  if (msg.root === 'Response' && cmd === 'alarm') {
    device.events.emit('control', { channelId: msg.deviceId || device.deviceId, what: 'AlarmAnswered', value: text(msg.body, 'Result') ?? '' });
  }
  // Other Notify / Response from the platform: the 200 OK was all it needed.
}

/** Catalog queries taken so far by each device whose first answers are lost. */
const catalogsTaken = new WeakMap<SimDevice, number>();

async function catalog(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const lost = device.config.field.catalogAnswersLost ?? 0;
  if (lost > 0) {
    const taken = (catalogsTaken.get(device) ?? 0) + 1;
    catalogsTaken.set(device, taken);
    if (taken <= lost) return;
  }
  const entries = catalogEntries(device.tree);
  const ctx = device.itemContext();
  const field = device.config.field;
  const sumNum = Math.max(0, entries.length - (field.catalogUndercount ?? 0));
  const pageSize = field.catalogOneMessage ? Math.max(1, entries.length) : device.config.pageSize;
  for (const page of pages(entries, pageSize)) {
    await device.reply(doc.catalogResponse(device.deviceId, msg.sn, sumNum, page, ctx), 'Catalog');
  }
}

async function recordInfo(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const channelId = msg.deviceId;
  const ch = device.tree.channels.find((c) => c.channelId === channelId) ?? device.tree.channels[0];
  const start = parseGbTime(text(msg.body, 'StartTime') ?? '', device.config.field.timeZone);
  const end = parseGbTime(text(msg.body, 'EndTime') ?? '', device.config.field.timeZone);
  const name = ch?.name ?? device.config.name;
  const field = device.config.field;
  const files = ch && start && end ? findRecords(ch.channelId, ch.name, start, end, text(msg.body, 'Type') ?? 'all', undefined, field.recordFileMinutes) : [];
  const all = pages(files, device.config.pageSize);
  const late = field.recordLateParts ? Math.min(all.length, Math.max(0, field.recordLateParts.parts)) : 0;
  const send = (page: (typeof files)[number][]) =>
    device.reply(doc.recordInfo(channelId || device.deviceId, msg.sn, name, files.length, page, device.deviceId, device.timeText), 'RecordInfo');
  for (const page of all.slice(0, all.length - late)) await send(page);
  if (late === 0) return;
  const rest = all.slice(all.length - late);
  device.timers.setTimeout(() => {
    void (async () => {
      for (const page of rest) await send(page);
    })();
  }, field.recordLateParts!.delayMs);
}

async function configDownload(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  if (device.config.field.noConfigDownload) return;
  const types = (text(msg.body, 'ConfigType') ?? 'BasicParam').split('/').map((t) => t.trim()).filter(Boolean);
  for (const t of types) {
    if (t.toLowerCase() === 'basicparam') {
      await device.reply(
        doc.configBasicParam(device.deviceId, msg.sn, {
          name: device.config.name,
          serverId: device.config.server.id,
          serverIp: device.config.server.ip,
          serverPort: device.config.server.port,
          domain: device.config.server.domain,
          expiration: device.config.timing.expires,
          heartBeatInterval: device.config.keepaliveSec,
          heartBeatCount: device.config.keepaliveMaxFail,
        }),
        'ConfigDownload',
      );
    } else {
      const block = Object.entries(extrasOf(device).configs).find(([k]) => k.toLowerCase() === t.toLowerCase());
      const answer = block
        ? el('Response', [el('CmdType', 'ConfigDownload'), el('SN', msg.sn), el('DeviceID', device.deviceId), el('Result', 'OK'), blockXml(block[0], block[1])])
        : doc.result('ConfigDownload', device.deviceId, msg.sn, false);
      await device.reply(answer, 'ConfigDownload');
    }
  }
}

function channelOf(device: SimDevice, id: string): string {
  return device.control.has(id) ? id : device.tree.channels[0]?.channelId ?? device.deviceId;
}

async function deviceControl(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const body = msg.body;
  const target = channelOf(device, msg.deviceId);
  const ptz = text(body, 'PTZCmd');
  if (ptz !== undefined) {
    const r = device.ptz(target).apply(ptz);
    const presetName = text(child(body, 'PTZCmdParams'), 'PresetName');
    if (r.ok && r.command.kind === 'preset' && r.command.action === 'set' && presetName) device.ptz(target).rename(r.command.preset, presetName);
    device.events.emit('ptz', r.ok ? { channelId: target, command: r.command } : { channelId: target, command: null, error: r.reason });
    return;
  }
  const precise = child(body, 'PTZPreciseCtrl');
  if (precise !== undefined) {
    const num = (n: string) => {
      const v = Number(text(precise, n));
      return Number.isFinite(v) ? v : undefined;
    };
    device.ptz(target).moveTo({ pan: num('Pan'), tilt: num('Tilt'), zoom: num('Zoom') });
    device.events.emit('control', { channelId: target, what: 'PTZPreciseCtrl', value: '' });
    return;
  }
  if (text(body, 'TeleBoot') !== undefined) {
    device.events.emit('control', { channelId: device.deviceId, what: 'TeleBoot', value: text(body, 'TeleBoot') ?? '' });
    device.reboot();
    return;
  }
  const record = text(body, 'RecordCmd');
  if (record !== undefined) {
    const ok = /^(record|stoprecord)$/i.test(record);
    if (ok) setFlag(device, msg.deviceId, 'recording', /^record$/i.test(record));
    device.events.emit('control', { channelId: target, what: 'RecordCmd', value: record });
    return device.reply(doc.result('DeviceControl', msg.deviceId || device.deviceId, msg.sn, ok), 'DeviceControl');
  }
  const guard = text(body, 'GuardCmd');
  if (guard !== undefined) {
    const ok = /^(setguard|resetguard)$/i.test(guard);
    if (ok) setFlag(device, msg.deviceId, 'guard', /^setguard$/i.test(guard));
    device.events.emit('control', { channelId: target, what: 'GuardCmd', value: guard });
    return device.reply(doc.result('DeviceControl', msg.deviceId || device.deviceId, msg.sn, ok), 'DeviceControl');
  }
  const alarm = text(body, 'AlarmCmd');
  if (alarm !== undefined) {
    const ok = /^resetalarm$/i.test(alarm);
    if (ok) setFlag(device, msg.deviceId, 'alarm', false);
    device.events.emit('control', { channelId: target, what: 'AlarmCmd', value: alarm });
    return device.reply(doc.result('DeviceControl', msg.deviceId || device.deviceId, msg.sn, ok), 'DeviceControl');
  }
  const iframe = text(body, 'IFameCmd') ?? text(body, 'IFrameCmd');
  if (iframe !== undefined) {
    // No response is defined for IFameCmd (GB/T 28181-2016 A.2.3.1.9): the keyframe itself is the answer.
    if (!device.config.field.ignoreIFrame) device.media.requestKeyframe(device.control.has(msg.deviceId) ? msg.deviceId : undefined);
    device.events.emit('control', { channelId: target, what: 'IFrameCmd', value: iframe });
    return;
  }
  for (const drag of ['DragZoomIn', 'DragZoomOut'] as const) {
    const box = child(body, drag);
    if (box === undefined) continue;
    const num = (n: string) => Number(text(box, n) ?? NaN);
    const head = device.ptz(target);
    const r = head.dragZoom(drag === 'DragZoomIn' ? 'in' : 'out', {
      length: num('Length'),
      width: num('Width'),
      midPointX: num('MidPointX'),
      midPointY: num('MidPointY'),
      lengthX: num('LengthX'),
      lengthY: num('LengthY'),
    });
    device.events.emit('control', { channelId: target, what: drag, value: r.ok ? `zoom ${head.position().zoom}` : r.reason });
    return;
  }
  const home = child(body, 'HomePosition');
  if (home !== undefined) {
    device.events.emit('control', { channelId: target, what: 'HomePosition', value: text(home, 'Enabled') ?? '' });
    return device.reply(doc.result('DeviceControl', msg.deviceId || device.deviceId, msg.sn, true), 'DeviceControl');
  }
  device.events.emit('control', { channelId: target, what: 'unknown', value: Object.keys(body).join(',') });
  return device.reply(doc.result('DeviceControl', msg.deviceId || device.deviceId, msg.sn, false), 'DeviceControl');
}

function setFlag(device: SimDevice, id: string, flag: 'recording' | 'guard' | 'alarm', value: boolean): void {
  const targets = device.control.has(id) ? [id] : [...device.control.keys()];
  for (const t of targets) device.control.get(t)![flag] = value;
}

async function deviceConfig(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const basic: XmlValue | undefined = child(msg.body, 'BasicParam');
  const configs = extrasOf(device).configs;
  const other = Object.keys(configs).find((k) => child(msg.body, k) !== undefined);
  if (other) {
    const v = child(msg.body, other)!;
    const block = typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    const problems = block && isEditableConfig(other) ? configProblems(other, block, configs[other]) : [];
    if (block && problems.length === 0) configs[other] = { ...configs[other], ...block };
    const value = !block ? `${other} refused: no elements` : problems.length ? `${other} refused: ${problems.map(problemText).join('; ')}` : other;
    device.events.emit('control', { channelId: device.deviceId, what: 'DeviceConfig', value });
    return device.reply(doc.result('DeviceConfig', device.deviceId, msg.sn, block !== undefined && problems.length === 0), 'DeviceConfig');
  }
  let ok = basic !== undefined;
  if (basic !== undefined) {
    const name = text(basic, 'Name');
    const expiration = Number(text(basic, 'Expiration'));
    const interval = Number(text(basic, 'HeartBeatInterval'));
    const count = Number(text(basic, 'HeartBeatCount'));
    if (name) device.config.name = name;
    if (Number.isInteger(expiration) && expiration > 0) device.config.timing = { ...device.config.timing, expires: expiration };
    if (Number.isInteger(count) && count > 0) device.config.keepaliveMaxFail = count;
    if (Number.isInteger(interval) && interval > 0) device.setKeepaliveInterval(interval);
    else if (text(basic, 'HeartBeatInterval') !== undefined) ok = false;
    device.events.emit('control', { channelId: device.deviceId, what: 'DeviceConfig', value: 'BasicParam' });
  }
  return device.reply(doc.result('DeviceConfig', device.deviceId, msg.sn, ok), 'DeviceConfig');
}

/** GB/T 28181-2022 PTZPosition: where the head is now. */
async function ptzPosition(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const target = channelOf(device, msg.deviceId);
  const p = device.ptz(target).position();
  await device.reply(
    el('Response', [el('CmdType', 'PTZPosition'), el('SN', msg.sn), el('DeviceID', target), el('Pan', p.pan), el('Tilt', p.tilt), el('Zoom', p.zoom)]),
    'PTZPosition',
  );
}

/** Query Alarm (GB/T 28181-2016 A.2.4.5): the alarms raised, newest last, as a list with SumNum. */
async function alarmHistory(device: SimDevice, msg: ManscdpMessage): Promise<void> {
  const wanted = msg.deviceId && msg.deviceId !== device.deviceId ? msg.deviceId : undefined;
  const list = extrasOf(device).alarms.filter((a) => !wanted || a.channelId === wanted);
  for (const page of pages(list, device.config.pageSize)) {
    const items = page.map((a) =>
      el('Item', [
        el('DeviceID', a.channelId),
        el('AlarmPriority', a.priority),
        el('AlarmMethod', a.method),
        el('AlarmTime', device.timeText(a.time)),
        el('AlarmDescription', a.description),
        el('Info', [el('AlarmType', a.alarmType)]),
      ]),
    );
    await device.reply(
      el('Response', [el('CmdType', 'Alarm'), el('SN', msg.sn), el('DeviceID', device.deviceId), el('SumNum', list.length), el('AlarmList', items, { Num: page.length })]),
      'Alarm',
    );
  }
}
