// What a simulated camera keeps beyond PTZ and the control flags: its configuration blocks (ConfigDownload /
// DeviceConfig, GB/T 28181-2022 A.2.4.7) and the alarms it raised (answered to Query Alarm).
import { el, type XmlChild, type XmlElement } from '../manscdp/xml';
import type { XmlValue } from '../manscdp/read';

export interface RaisedAlarm {
  channelId: string;
  priority: number;
  method: number;
  time: Date;
  description: string;
  alarmType: number;
}

type ConfigBlock = Record<string, XmlValue>;

const DEFAULT_CONFIGS: Record<string, ConfigBlock> = {
  VideoParamOpt: { DownloadSpeed: '1/2/4', Resolution: '5/6' },
  VideoRecordPlan: { RecordEnable: '1', RecordScheduleSumNum: '0', StreamNumber: '0' },
  VideoAlarmRecord: { RecordEnable: '0', RecordTime: '30', PreRecordTime: '5', StreamNumber: '0' },
  PictureMask: { On: '0', SumNum: '0' },
  FrameMirror: { FrameMirror: '0' },
  AlarmReport: { MotionDetection: '1', FieldDetection: '0' },
  OSDConfig: { Length: '1920', Width: '1080', TimeEnable: '1', TimeType: '0', TimeX: '10', TimeY: '10', SumNum: '0' },
  SnapShotConfig: { SnapNum: '1', Interval: '1', UploadURL: '', SessionID: '' },
};

export interface DeviceExtras {
  configs: Record<string, ConfigBlock>;
  alarms: RaisedAlarm[];
}

const extras = new WeakMap<object, DeviceExtras>();
const MAX_HISTORY = 1000;

export function extrasOf(device: object): DeviceExtras {
  let e = extras.get(device);
  if (!e) {
    e = { configs: structuredClone(DEFAULT_CONFIGS), alarms: [] };
    extras.set(device, e);
  }
  return e;
}

export function rememberAlarm(device: object, a: RaisedAlarm): void {
  const h = extrasOf(device).alarms;
  h.push(a);
  if (h.length > MAX_HISTORY) h.shift();
}

/** A stored block as XML children. */
export function blockXml(name: string, value: XmlValue): XmlElement {
  if (typeof value === 'string') return el(name, value);
  if (Array.isArray(value)) return el(name, value.map((v) => blockXml(name, v)));
  const children: XmlChild[] = Object.entries(value)
    .filter(([k]) => !k.startsWith('@'))
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => blockXml(k, x)) : [blockXml(k, v)]));
  return el(name, children);
}
