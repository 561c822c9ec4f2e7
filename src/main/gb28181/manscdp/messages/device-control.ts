// DeviceControl (GB/T 28181-2016 A.2.3.1; 2022 adds PTZPreciseCtrl, StreamNumber, IFrameCmd spelling).
import type { DecodedBody, ManscdpDoc, XmlElement } from '../codec';
import { child, float, int, optStr, type Sn } from '../fields';
import { decodePtzCmd, encodePtzCmd, type PtzCommand, type PtzDecodeResult } from '../../ptz/ptz-cmd';
import type { XmlObject } from '../xml-write';
import { doc, parseFlag } from './common';

export interface DragZoom {
  length: number;
  width: number;
  midPointX: number;
  midPointY: number;
  lengthX: number;
  lengthY: number;
}

export type DeviceControlCommand =
  | { type: 'ptz'; ptzCmd: string; decoded?: PtzDecodeResult; presetName?: string; cruiseTrackName?: string }
  | { type: 'teleboot' }
  | { type: 'record'; start: boolean; streamNumber?: number }
  | { type: 'guard'; set: boolean }
  | { type: 'alarm-reset'; alarmMethod?: string; alarmType?: string }
  | { type: 'iframe' }
  | ({ type: 'drag-zoom'; direction: 'in' | 'out' } & DragZoom)
  | { type: 'home-position'; enabled: boolean; resetTime?: number; presetIndex?: number }
  | { type: 'ptz-precise'; pan?: number; tilt?: number; zoom?: number };

/** Builder input: PTZ may be given as a command object (encoded with `ptzAddress`, default 1) or as hex. */
export type DeviceControlInput =
  | Exclude<DeviceControlCommand, { type: 'ptz' }>
  | { type: 'ptz'; ptz: PtzCommand | string; ptzAddress?: number; presetName?: string; cruiseTrackName?: string };

/** GB version from X-GB-Ver (1.0, 1.1, 2.0, 3.0); absent means 2016 (2.0). */
export function isGb2022(gbVersion: string | undefined): boolean {
  const v = Number.parseFloat(gbVersion ?? '');
  return Number.isFinite(v) && v >= 3;
}

/** Whether the device answers this control with a Response carrying Result (PTZ/TeleBoot/IFrame/DragZoom do not). */
export function controlExpectsResponse(c: { type: DeviceControlCommand['type'] }): boolean {
  return c.type === 'record' || c.type === 'guard' || c.type === 'alarm-reset' || c.type === 'home-position';
}

function dragXml(d: DragZoom): XmlObject {
  return {
    Length: d.length,
    Width: d.width,
    MidPointX: d.midPointX,
    MidPointY: d.midPointY,
    LengthX: d.lengthX,
    LengthY: d.lengthY,
  };
}

function commandXml(c: DeviceControlInput, gbVersion: string | undefined): XmlObject {
  switch (c.type) {
    case 'ptz': {
      const hex = typeof c.ptz === 'string' ? c.ptz.toUpperCase() : encodePtzCmd(c.ptz, c.ptzAddress ?? 1);
      const params =
        c.presetName !== undefined || c.cruiseTrackName !== undefined
          ? { PresetName: c.presetName, CruiseTrackName: c.cruiseTrackName }
          : undefined;
      return { PTZCmd: hex, PTZCmdParams: isGb2022(gbVersion) ? params : undefined };
    }
    case 'teleboot':
      return { TeleBoot: 'Boot' };
    case 'record':
      return { RecordCmd: c.start ? 'Record' : 'StopRecord', StreamNumber: isGb2022(gbVersion) ? c.streamNumber : undefined };
    case 'guard':
      return { GuardCmd: c.set ? 'SetGuard' : 'ResetGuard' };
    case 'alarm-reset': {
      const info = c.alarmMethod !== undefined || c.alarmType !== undefined ? { AlarmMethod: c.alarmMethod, AlarmType: c.alarmType } : undefined;
      return { AlarmCmd: 'ResetAlarm', Info: info };
    }
    case 'iframe':
      return isGb2022(gbVersion) ? { IFrameCmd: 'Send' } : { IFameCmd: 'Send' };
    case 'drag-zoom':
      return c.direction === 'in' ? { DragZoomIn: dragXml(c) } : { DragZoomOut: dragXml(c) };
    case 'home-position':
      return {
        HomePosition: { Enabled: c.enabled ? '1' : '0', ResetTime: c.resetTime, PresetIndex: c.presetIndex },
      };
    case 'ptz-precise':
      return { PTZPreciseCtrl: { Pan: c.pan, Tilt: c.tilt, Zoom: c.zoom } };
  }
}

/** A DeviceControl body; `gbVersion` picks IFameCmd (2016) or IFrameCmd (2022) and 2022-only fields. */
export function buildDeviceControl(o: { sn: Sn; deviceId: string; command: DeviceControlInput; gbVersion?: string }): ManscdpDoc {
  return doc('Control', 'DeviceControl', o.sn, o.deviceId, commandXml(o.command, o.gbVersion));
}

export interface DeviceControl {
  deviceId: string;
  sn: string;
  commands: DeviceControlCommand[];
  /** Problems with elements that were present but unreadable, e.g. "RecordCmd value Foo". */
  problems: string[];
}

function readDrag(el: XmlElement | undefined): DragZoom | undefined {
  if (!el) return undefined;
  const n = (name: string) => int(el, name) ?? 0;
  return {
    length: n('Length'),
    width: n('Width'),
    midPointX: n('MidPointX'),
    midPointY: n('MidPointY'),
    lengthX: n('LengthX'),
    lengthY: n('LengthY'),
  };
}

export function parseDeviceControl(m: DecodedBody): DeviceControl {
  const f = m.fields;
  const commands: DeviceControlCommand[] = [];
  const problems: string[] = [];

  const ptz = optStr(f, 'PTZCmd');
  if (ptz !== undefined) {
    const params = child(f, 'PTZCmdParams');
    const cmd: DeviceControlCommand = { type: 'ptz', ptzCmd: ptz, decoded: decodePtzCmd(ptz) };
    const presetName = optStr(params, 'PresetName');
    if (presetName !== undefined) cmd.presetName = presetName;
    const cruise = optStr(params, 'CruiseTrackName');
    if (cruise !== undefined) cmd.cruiseTrackName = cruise;
    commands.push(cmd);
  }
  const teleBoot = optStr(f, 'TeleBoot');
  if (teleBoot !== undefined) {
    if (teleBoot.toLowerCase() === 'boot') commands.push({ type: 'teleboot' });
    else problems.push(`TeleBoot value ${teleBoot}`);
  }
  const record = optStr(f, 'RecordCmd');
  if (record !== undefined) {
    const v = record.toLowerCase();
    if (v === 'record' || v === 'stoprecord') {
      const cmd: DeviceControlCommand = { type: 'record', start: v === 'record' };
      const sn = int(f, 'StreamNumber');
      if (sn !== undefined) cmd.streamNumber = sn;
      commands.push(cmd);
    } else problems.push(`RecordCmd value ${record}`);
  }
  const guard = optStr(f, 'GuardCmd');
  if (guard !== undefined) {
    const v = guard.toLowerCase();
    if (v === 'setguard' || v === 'resetguard') commands.push({ type: 'guard', set: v === 'setguard' });
    else problems.push(`GuardCmd value ${guard}`);
  }
  const alarm = optStr(f, 'AlarmCmd');
  if (alarm !== undefined) {
    if (alarm.toLowerCase() === 'resetalarm') {
      const info = child(f, 'Info');
      const cmd: DeviceControlCommand = { type: 'alarm-reset' };
      const method = optStr(info, 'AlarmMethod');
      if (method !== undefined) cmd.alarmMethod = method;
      const t = optStr(info, 'AlarmType');
      if (t !== undefined) cmd.alarmType = t;
      commands.push(cmd);
    } else problems.push(`AlarmCmd value ${alarm}`);
  }
  const iframe = optStr(f, 'IFrameCmd') ?? optStr(f, 'IFameCmd');
  if (iframe !== undefined) {
    if (iframe.toLowerCase() === 'send') commands.push({ type: 'iframe' });
    else problems.push(`IFrameCmd value ${iframe}`);
  }
  for (const [name, direction] of [
    ['DragZoomIn', 'in'],
    ['DragZoomOut', 'out'],
  ] as const) {
    const d = readDrag(child(f, name));
    if (d) commands.push({ type: 'drag-zoom', direction, ...d });
  }
  const home = child(f, 'HomePosition');
  if (home) {
    const enabled = parseFlag(optStr(home, 'Enabled'));
    if (enabled === undefined) problems.push('HomePosition without Enabled 0/1');
    else {
      const cmd: DeviceControlCommand = { type: 'home-position', enabled };
      const rt = int(home, 'ResetTime');
      if (rt !== undefined) cmd.resetTime = rt;
      const pi = int(home, 'PresetIndex');
      if (pi !== undefined) cmd.presetIndex = pi;
      commands.push(cmd);
    }
  }
  const precise = child(f, 'PTZPreciseCtrl');
  if (precise) {
    const cmd: DeviceControlCommand = { type: 'ptz-precise' };
    const pan = float(precise, 'Pan');
    if (pan !== undefined) cmd.pan = pan;
    const tilt = float(precise, 'Tilt');
    if (tilt !== undefined) cmd.tilt = tilt;
    const zoom = float(precise, 'Zoom');
    if (zoom !== undefined) cmd.zoom = zoom;
    commands.push(cmd);
  }
  return { deviceId: m.deviceId, sn: m.sn, commands, problems };
}
