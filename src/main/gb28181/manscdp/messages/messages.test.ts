import { describe, expect, it } from 'vitest';
import { decodeBody, encodeDoc, type DecodedBody, type ManscdpDoc } from '../codec';
import {
  buildAlarmNotify,
  buildAlarmResponse,
  buildAlarmSubscribeQuery,
  buildMediaStatusNotify,
  buildMobilePositionNotify,
  buildMobilePositionSubscribeQuery,
  parseAlarmNotify,
  parseMediaStatusNotify,
  parseMobilePosition,
} from './notify';
import { buildKeepalive, parseKeepalive } from './keepalive';
import {
  buildDeviceInfoQuery,
  buildDeviceInfoResponse,
  buildDeviceStatusResponse,
  parseDeviceInfo,
  parseDeviceStatus,
} from './device-info';
import {
  buildRecordInfoQuery,
  buildRecordInfoResponseParts,
  parseRecordInfo,
  parseRecordInfoQuery,
  recordItemKey,
} from './record-info';
import { buildDeviceControl, controlExpectsResponse, parseDeviceControl } from './device-control';
import {
  buildBasicParamResponse,
  buildConfigDownloadQuery,
  buildDeviceConfigBasicParam,
  parseConfigDownloadQuery,
  parseConfigDownloadResponse,
  parseDeviceConfig,
} from './config';
import { buildPresetQueryResponse, parsePresetQueryResponse } from './preset';
import { buildResultResponse, parseResultResponse } from './common';

const DEV = '34020000001320000001';

function rt(doc: ManscdpDoc, charset: 'gb2312' | 'utf-8' = 'gb2312'): DecodedBody {
  const r = decodeBody(encodeDoc(doc, charset));
  if (!r.ok) throw new Error(r.reason);
  return r;
}

function decode(xml: string): DecodedBody {
  const r = decodeBody(xml);
  if (!r.ok) throw new Error(r.reason);
  return r;
}

describe('Keepalive', () => {
  it('round trip and faulty sub-devices', () => {
    expect(parseKeepalive(rt(buildKeepalive({ sn: 1, deviceId: DEV })))).toEqual({
      deviceId: DEV,
      sn: '1',
      status: 'OK',
      healthy: true,
      faultyDeviceIds: [],
    });
    const k = parseKeepalive(rt(buildKeepalive({ sn: 2, deviceId: DEV, status: 'ERROR', faultyDeviceIds: ['a', 'b'] })));
    expect(k).toMatchObject({ healthy: false, faultyDeviceIds: ['a', 'b'] });
    const bare = parseKeepalive(decode(`<Notify><CmdType>keepalive</CmdType><SN>3</SN><DeviceID>${DEV}</DeviceID></Notify>`));
    expect(bare).toMatchObject({ healthy: true, status: '' });
  });
});

describe('DeviceInfo / DeviceStatus', () => {
  it('DeviceInfo query and response', () => {
    expect(rt(buildDeviceInfoQuery({ sn: 5, deviceId: DEV }))).toMatchObject({ root: 'Query', cmdType: 'DeviceInfo', sn: '5' });
    const info = parseDeviceInfo(
      rt(buildDeviceInfoResponse({ sn: 5, deviceId: DEV, deviceName: '仓库NVR', manufacturer: 'Sim', model: 'S1', firmware: 'V1.0', channel: 16 })),
    );
    expect(info).toEqual({
      deviceId: DEV,
      sn: '5',
      ok: true,
      result: 'OK',
      deviceName: '仓库NVR',
      manufacturer: 'Sim',
      model: 'S1',
      firmware: 'V1.0',
      channel: 16,
    });
  });

  it('DeviceStatus with Alarmstatus items, variants of Online', () => {
    const s = parseDeviceStatus(
      rt(
        buildDeviceStatusResponse({
          sn: 6,
          deviceId: DEV,
          online: true,
          encode: true,
          record: false,
          deviceTime: '2024-08-20T15:18:42',
          alarmStatus: [
            { deviceId: '34020000001340000001', dutyStatus: 'ONDUTY' },
            { deviceId: '34020000001340000002', dutyStatus: 'ALARM' },
          ],
        }),
      ),
    );
    expect(s).toMatchObject({ ok: true, online: true, onlineRaw: 'ONLINE', statusOk: true, encode: true, record: false });
    expect(s.deviceTime).toEqual(new Date(2024, 7, 20, 15, 18, 42));
    expect(s.alarmStatus).toEqual([
      { deviceId: '34020000001340000001', dutyStatus: 'ONDUTY', dutyStatusRaw: 'ONDUTY' },
      { deviceId: '34020000001340000002', dutyStatus: 'ALARM', dutyStatusRaw: 'ALARM' },
    ]);
    const odd = parseDeviceStatus(
      decode(`<Response><CmdType>DeviceStatus</CmdType><SN>1</SN><DeviceID>${DEV}</DeviceID><Result>OK</Result><Online>offline</Online><Status>ERROR</Status><Reason>disk</Reason><AlarmStatus Num="0"></AlarmStatus></Response>`),
    );
    expect(odd).toMatchObject({ online: false, statusOk: false, reason: 'disk', alarmStatus: [] });
  });
});

describe('RecordInfo', () => {
  it('query round trip with Date times', () => {
    const q = parseRecordInfoQuery(
      rt(buildRecordInfoQuery({ sn: 8, channelId: DEV, startTime: new Date(2024, 7, 20, 0, 0, 0), endTime: '2024-08-20T23:59:59', type: 'time' })),
    );
    expect(q).toMatchObject({ sn: '8', deviceId: DEV, startTime: '2024-08-20T00:00:00', endTime: '2024-08-20T23:59:59', type: 'time', secrecy: '0' });
    expect(q.start).toEqual(new Date(2024, 7, 20));
  });

  it('response parts and item keys', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      deviceId: DEV,
      name: '录像',
      filePath: `/rec/${i}.mp4`,
      startTime: `2024-08-20T0${i}:00:00`,
      endTime: `2024-08-20T0${i}:59:59`,
      fileSize: 1_000_000 * (i + 1),
    }));
    const parts = buildRecordInfoResponseParts({ sn: 9, deviceId: DEV, name: 'Cam', items, pageSize: 2 });
    expect(parts).toHaveLength(3);
    const decoded = parts.map((p) => parseRecordInfo(rt(p)));
    expect(decoded.map((d) => [d.sumNum, d.num])).toEqual([
      [5, 2],
      [5, 2],
      [5, 1],
    ]);
    const all = decoded.flatMap((d) => d.items);
    expect(all[4]).toMatchObject({ deviceId: DEV, filePath: '/rec/4.mp4', type: 'time', fileSize: 5_000_000, secrecy: '0' });
    expect(all[4].start).toEqual(new Date(2024, 7, 20, 4));
    expect(new Set(all.map(recordItemKey)).size).toBe(5);
  });
});

describe('DeviceControl', () => {
  const control = (command: Parameters<typeof buildDeviceControl>[0]['command'], gbVersion?: string) =>
    rt(buildDeviceControl({ sn: 10, deviceId: DEV, command, gbVersion }));

  it('PTZ from a command object, decoded on the other side', () => {
    const m = control({ type: 'ptz', ptz: { kind: 'preset', action: 'call', preset: 1 } });
    expect(m.root).toBe('Control');
    expect(m.fields.PTZCmd).toBe('A50F018200010038');
    const c = parseDeviceControl(m).commands[0];
    expect(c).toMatchObject({ type: 'ptz', ptzCmd: 'A50F018200010038', decoded: { ok: true, command: { kind: 'preset', action: 'call', preset: 1 } } });
  });

  it('IFameCmd for 2016 devices, IFrameCmd for 2022, both accepted', () => {
    expect(control({ type: 'iframe' }).fields.IFameCmd).toBe('Send');
    expect(control({ type: 'iframe' }, '2.0').fields.IFameCmd).toBe('Send');
    expect(control({ type: 'iframe' }, '3.0').fields.IFrameCmd).toBe('Send');
    expect(parseDeviceControl(control({ type: 'iframe' })).commands).toEqual([{ type: 'iframe' }]);
    expect(parseDeviceControl(control({ type: 'iframe' }, '3.0')).commands).toEqual([{ type: 'iframe' }]);
  });

  it('TeleBoot, Record, Guard, AlarmCmd, HomePosition, DragZoom, PTZPreciseCtrl round trip', () => {
    const cases = [
      { type: 'teleboot' },
      { type: 'record', start: true },
      { type: 'record', start: false },
      { type: 'guard', set: true },
      { type: 'guard', set: false },
      { type: 'alarm-reset', alarmMethod: '2', alarmType: '1' },
      { type: 'home-position', enabled: true, resetTime: 30, presetIndex: 1 },
      { type: 'drag-zoom', direction: 'in', length: 1920, width: 1080, midPointX: 100, midPointY: 200, lengthX: 50, lengthY: 60 },
      { type: 'drag-zoom', direction: 'out', length: 1920, width: 1080, midPointX: 1, midPointY: 2, lengthX: 3, lengthY: 4 },
      { type: 'ptz-precise', pan: 90.5, tilt: -10, zoom: 2 },
    ] as const;
    for (const c of cases) expect(parseDeviceControl(control(c, '3.0')).commands).toEqual([c]);
    expect(control({ type: 'record', start: true, streamNumber: 1 }, '2.0').fields.StreamNumber).toBeUndefined();
    expect(parseDeviceControl(control({ type: 'record', start: true, streamNumber: 1 }, '3.0')).commands[0]).toEqual({
      type: 'record',
      start: true,
      streamNumber: 1,
    });
  });

  it('which controls expect a Response', () => {
    expect(controlExpectsResponse({ type: 'ptz' })).toBe(false);
    expect(controlExpectsResponse({ type: 'teleboot' })).toBe(false);
    expect(controlExpectsResponse({ type: 'iframe' })).toBe(false);
    expect(controlExpectsResponse({ type: 'record' })).toBe(true);
    expect(controlExpectsResponse({ type: 'guard' })).toBe(true);
    expect(controlExpectsResponse({ type: 'alarm-reset' })).toBe(true);
    expect(controlExpectsResponse({ type: 'home-position' })).toBe(true);
  });

  it('unreadable values are reported, bad PTZ hex carries its reason', () => {
    const c = parseDeviceControl(
      decode(`<Control><CmdType>DeviceControl</CmdType><SN>1</SN><DeviceID>${DEV}</DeviceID><RecordCmd>Go</RecordCmd><PTZCmd>A50F0100000000B6</PTZCmd></Control>`),
    );
    expect(c.problems).toEqual(['RecordCmd value Go']);
    expect(c.commands[0]).toMatchObject({ type: 'ptz', decoded: { ok: false, reason: 'PTZCmd checksum is B6, expected B5' } });
  });

  it('result responses', () => {
    expect(parseResultResponse(rt(buildResultResponse('DeviceControl', 10, DEV, true)))).toEqual({
      cmdType: 'DeviceControl',
      sn: '10',
      deviceId: DEV,
      ok: true,
      result: 'OK',
    });
    expect(parseResultResponse(rt(buildResultResponse('DeviceControl', 10, DEV, false, 'busy')))).toMatchObject({ ok: false, reason: 'busy' });
  });
});

describe('config and presets', () => {
  it('ConfigDownload BasicParam', () => {
    expect(parseConfigDownloadQuery(rt(buildConfigDownloadQuery({ sn: 11, deviceId: DEV, configTypes: ['BasicParam', 'VideoParamOpt'] })))).toEqual({
      sn: '11',
      deviceId: DEV,
      configTypes: ['BasicParam', 'VideoParamOpt'],
    });
    const r = parseConfigDownloadResponse(
      rt(buildBasicParamResponse({ sn: 11, deviceId: DEV, basicParam: { name: '摄像机', expiration: 3600, heartBeatInterval: 30, heartBeatCount: 5 } })),
    );
    expect(r).toEqual({
      sn: '11',
      deviceId: DEV,
      ok: true,
      basicParam: { name: '摄像机', expiration: 3600, heartBeatInterval: 30, heartBeatCount: 5 },
      otherConfigs: {},
    });
    const set = parseDeviceConfig(rt(buildDeviceConfigBasicParam({ sn: 12, deviceId: DEV, basicParam: { heartBeatInterval: 20 } })));
    expect(set.basicParam).toEqual({ heartBeatInterval: 20 });
  });

  it('PresetQuery response', () => {
    const p = parsePresetQueryResponse(
      rt(buildPresetQueryResponse({ sn: 13, deviceId: DEV, presets: [{ presetId: '1', presetName: '大门' }, { presetId: '2' }] })),
    );
    expect(p).toEqual({ sn: '13', deviceId: DEV, sumNum: 2, num: 2, items: [{ presetId: '1', presetName: '大门' }, { presetId: '2' }] });
  });
});

describe('notifies', () => {
  it('Alarm notify, response and subscription query', () => {
    const a = parseAlarmNotify(
      rt(
        buildAlarmNotify({
          sn: 14,
          deviceId: DEV,
          alarmPriority: 1,
          alarmMethod: 5,
          alarmTime: new Date(2024, 7, 20, 15, 0, 0),
          alarmDescription: '移动侦测',
          alarmType: 2,
          eventType: 1,
          longitude: 117.1,
          latitude: 31.2,
        }),
      ),
    );
    expect(a).toMatchObject({
      alarmPriority: 1,
      alarmMethod: 5,
      alarmTimeRaw: '2024-08-20T15:00:00',
      alarmDescription: '移动侦测',
      alarmType: '2',
      eventType: '1',
      longitude: 117.1,
      latitude: 31.2,
    });
    expect(a.alarmTime).toEqual(new Date(2024, 7, 20, 15));
    expect(rt(buildAlarmResponse({ sn: 14, deviceId: DEV }))).toMatchObject({ root: 'Response', cmdType: 'Alarm', fields: { Result: 'OK' } });
    expect(rt(buildAlarmSubscribeQuery({ sn: 15, deviceId: DEV })).fields).toMatchObject({ StartAlarmPriority: '0', EndAlarmPriority: '0', AlarmMethod: '0' });
  });

  it('MediaStatus 121', () => {
    expect(parseMediaStatusNotify(rt(buildMediaStatusNotify({ sn: 16, deviceId: DEV })))).toEqual({
      sn: '16',
      deviceId: DEV,
      notifyType: '121',
      fileEnded: true,
    });
  });

  it('MobilePosition 2016 flat and 2022 list', () => {
    const flat = parseMobilePosition(
      rt(buildMobilePositionNotify({ sn: 17, deviceId: DEV, positions: [{ deviceId: DEV, time: '2024-08-20T15:00:00', longitude: 117.5, latitude: 31.5, speed: 20, direction: 90, altitude: 30 }] })),
    );
    expect(flat.positions).toEqual([
      { deviceId: DEV, timeRaw: '2024-08-20T15:00:00', time: new Date(2024, 7, 20, 15), longitude: 117.5, latitude: 31.5, speed: 20, direction: 90, altitude: 30 },
    ]);
    const list = parseMobilePosition(
      rt(
        buildMobilePositionNotify({
          sn: 18,
          deviceId: DEV,
          list: true,
          positions: [
            { deviceId: 'a', time: '2024-08-20T15:00:00', longitude: 1, latitude: 2 },
            { deviceId: 'b', time: '2024-08-20T15:00:01', longitude: 3, latitude: 4 },
          ],
        }),
      ),
    );
    expect(list.positions.map((p) => [p.deviceId, p.longitude, p.latitude])).toEqual([
      ['a', 1, 2],
      ['b', 3, 4],
    ]);
    const capture = parseMobilePosition(
      decode(`<Notify><CmdType>MobilePosition</CmdType><SN>1</SN><DeviceID>${DEV}</DeviceID><DeviceList Num="1"><Item><DeviceID>c</DeviceID><CaptureTime>2024-08-20T15:00:00</CaptureTime><Longitude>5</Longitude><Latitude>6</Latitude></Item></DeviceList></Notify>`),
    );
    expect(capture.positions[0]).toMatchObject({ deviceId: 'c', timeRaw: '2024-08-20T15:00:00', longitude: 5 });
    expect(rt(buildMobilePositionSubscribeQuery({ sn: 19, deviceId: DEV })).fields.Interval).toBe('5');
    expect(() => buildMobilePositionNotify({ sn: 1, deviceId: DEV, positions: [] })).toThrow(/exactly one/);
  });
});

describe("times as devices write them, in the device's zone", () => {
  const body = (root: string, cmd: string, rest: string) =>
    decode(`<?xml version="1.0"?><${root}><CmdType>${cmd}</CmdType><SN>7</SN><DeviceID>${DEV}</DeviceID>${rest}</${root}>`);

  it('Alarm, DeviceStatus, RecordInfo and MobilePosition read unpadded, suffixed and millisecond times', () => {
    const zone = { timeZone: 'Asia/Shanghai' };
    const alarm = parseAlarmNotify(body('Notify', 'Alarm', '<AlarmPriority>1</AlarmPriority><AlarmTime>2022-5-24T0:07:21</AlarmTime>'), zone);
    expect(alarm.alarmTime?.toISOString()).toBe('2022-05-23T16:07:21.000Z');
    expect(alarm.alarmTimeRaw).toBe('2022-5-24T0:07:21');
    const status = parseDeviceStatus(body('Response', 'DeviceStatus', '<Result>OK</Result><DeviceTime>2022-05-24T00:07:21.250+08:00</DeviceTime>'), { timeZone: 'UTC' });
    expect(status.deviceTime?.toISOString()).toBe('2022-05-23T16:07:21.250Z');
    const records = parseRecordInfo(
      body(
        'Response',
        'RecordInfo',
        `<SumNum>1</SumNum><RecordList Num="1"><Item><DeviceID>${DEV}</DeviceID><StartTime>2022-5-24T0:00:00Z</StartTime><EndTime>2022-05-24T01:00:00.5</EndTime></Item></RecordList>`,
      ),
      zone,
    );
    expect(records.items[0].start?.toISOString()).toBe('2022-05-24T00:00:00.000Z');
    expect(records.items[0].end?.toISOString()).toBe('2022-05-23T17:00:00.500Z');
    const pos = parseMobilePosition(body('Notify', 'MobilePosition', '<Time>2022-5-24 8:00:00</Time><Longitude>117</Longitude><Latitude>31</Latitude>'), zone);
    expect(pos.positions[0].time?.toISOString()).toBe('2022-05-24T00:00:00.000Z');
  });

  it("query times are written in the device's zone", () => {
    const at = new Date(Date.UTC(2024, 7, 20, 0, 0, 0));
    const q = rt(buildRecordInfoQuery({ sn: 1, channelId: DEV, startTime: at, endTime: at, timeZone: 'Asia/Shanghai' }));
    expect(q.fields).toMatchObject({ StartTime: '2024-08-20T08:00:00', EndTime: '2024-08-20T08:00:00' });
    expect(parseRecordInfoQuery(q, { timeZone: 'Asia/Shanghai' }).start?.getTime()).toBe(at.getTime());
  });
});
