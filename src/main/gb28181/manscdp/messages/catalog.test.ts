import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeDoc, type DecodedBody } from '../codec';
import {
  buildCatalogNotify,
  buildCatalogQuery,
  buildCatalogResponseParts,
  parseCatalog,
  parseOnlineStatus,
  parsePtzType,
  type CatalogItem,
} from './catalog';

const NVR = '34020000001180000001';

function decode(xml: string | Buffer): DecodedBody {
  const r = decodeBody(xml);
  if (!r.ok) throw new Error(r.reason);
  return r;
}

const fullItem = `
<Item>
<DeviceID>34020000001320000001</DeviceID>
<Name>大门口摄像机</Name>
<Manufacturer>Hikvision</Manufacturer>
<Model>DS-2CD</Model>
<Owner>Owner</Owner>
<CivilCode>340200</CivilCode>
<Block>B1</Block>
<Address>Gate 1</Address>
<Parental>0</Parental>
<ParentID>34020000002160000001/34020000002150000001</ParentID>
<SafetyWay>0</SafetyWay>
<RegisterWay>1</RegisterWay>
<SecurityLevelCode>2</SecurityLevelCode>
<Secrecy>0</Secrecy>
<IPAddress>192.168.1.64</IPAddress>
<Port>8000</Port>
<Password>x</Password>
<Status>ON</Status>
<Longitude>117.2272</Longitude>
<Latitude>31.8206</Latitude>
<BusinessGroupID>34020000002150000001</BusinessGroupID>
<Info>
<PTZType>1</PTZType>
<Resolution>6/4</Resolution>
<DownloadSpeed>1/2/4</DownloadSpeed>
<VendorThing>v</VendorThing>
</Info>
<Vendor2>w</Vendor2>
</Item>`;

function response(items: string, sumNum = 1, num = 1): string {
  return `<?xml version="1.0" encoding="GB2312"?>
<Response><CmdType>Catalog</CmdType><SN>9</SN><DeviceID>${NVR}</DeviceID><SumNum>${sumNum}</SumNum>
<DeviceList Num="${num}">${items}</DeviceList></Response>`;
}

describe('Catalog items', () => {
  it('reads every field of the docs/protocol.md §7 list', () => {
    const part = parseCatalog(decode(iconv.encode(response(fullItem), 'gb2312')));
    expect(part).toMatchObject({ deviceId: NVR, sn: '9', sumNum: 1, num: 1 });
    const it: CatalogItem = part.items[0];
    expect(it).toEqual({
      deviceId: '34020000001320000001',
      name: '大门口摄像机',
      manufacturer: 'Hikvision',
      model: 'DS-2CD',
      owner: 'Owner',
      civilCode: '340200',
      block: 'B1',
      address: 'Gate 1',
      parental: false,
      parentId: '34020000002160000001/34020000002150000001',
      parentIds: ['34020000002160000001', '34020000002150000001'],
      safetyWay: '0',
      registerWay: '1',
      securityLevelCode: '2',
      secrecy: '0',
      ipAddress: '192.168.1.64',
      port: 8000,
      password: 'x',
      statusRaw: 'ON',
      online: true,
      longitude: 117.2272,
      latitude: 31.8206,
      businessGroupId: '34020000002150000001',
      info: {
        ptzType: 1,
        ptzTypeRaw: '1',
        resolution: '6/4',
        downloadSpeed: '1/2/4',
        other: { VendorThing: 'v' },
      },
      other: { Vendor2: 'w' },
    });
  });

  it('Status variants: ON/OFF/ONLINE/OFFLINE in any case, unknown kept raw', () => {
    const status = (s: string) => parseCatalog(decode(response(`<Item><DeviceID>1</DeviceID><Status>${s}</Status></Item>`))).items[0];
    expect(status('ON')).toMatchObject({ online: true, statusRaw: 'ON' });
    expect(status('OFF')).toMatchObject({ online: false });
    expect(status('ONLINE')).toMatchObject({ online: true });
    expect(status('OFFLINE')).toMatchObject({ online: false });
    expect(status('online')).toMatchObject({ online: true });
    expect(status(' Off ')).toMatchObject({ online: false, statusRaw: 'Off' });
    const odd = status('BROKEN');
    expect(odd.online).toBeUndefined();
    expect(odd.statusRaw).toBe('BROKEN');
    expect(parseOnlineStatus(undefined)).toBeUndefined();
  });

  it('PTZType variants: in Info, at item level, padded, out of range', () => {
    const item = (inner: string) => parseCatalog(decode(response(`<Item><DeviceID>1</DeviceID>${inner}</Item>`))).items[0];
    for (const t of [1, 2, 3, 4] as const) expect(item(`<Info><PTZType>${t}</PTZType></Info>`).info?.ptzType).toBe(t);
    expect(item('<Info><PTZType> 03 </PTZType></Info>').info).toMatchObject({ ptzType: 3, ptzTypeRaw: '03' });
    expect(item('<PTZType>2</PTZType>').info).toMatchObject({ ptzType: 2 });
    expect(item('<info><ptztype>4</ptztype></info>').info).toMatchObject({ ptzType: 4 });
    const bad = item('<Info><PTZType>9</PTZType></Info>').info!;
    expect(bad.ptzType).toBeUndefined();
    expect(bad.ptzTypeRaw).toBe('9');
    expect(item('<Info/>').info).toBeUndefined();
    expect(item('').info).toBeUndefined();
    expect(parsePtzType('x')).toBeUndefined();
  });

  it('Parental and ParentID forms', () => {
    const item = (inner: string) => parseCatalog(decode(response(`<Item><DeviceID>1</DeviceID>${inner}</Item>`))).items[0];
    expect(item('<Parental>1</Parental>').parental).toBe(true);
    expect(item('<Parental></Parental>').parental).toBeUndefined();
    expect(item('<ParentID>34020000002000000001</ParentID>').parentIds).toEqual(['34020000002000000001']);
    expect(item('<ParentID>/a//b/</ParentID>').parentIds).toEqual(['a', 'b']);
    expect(item('').parentIds).toEqual([]);
  });

  it('SumNum 0 with no list; Num missing', () => {
    const empty = parseCatalog(
      decode(`<Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>${NVR}</DeviceID><SumNum>0</SumNum></Response>`),
    );
    expect(empty).toEqual({ deviceId: NVR, sn: '1', sumNum: 0, items: [] });
  });
});

describe('Catalog builders', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({
    deviceId: `3402000000132000000${i}`,
    name: `通道${i}`,
    parentId: '34020000002160000001',
    online: i % 2 === 0,
    info: { ptzType: 1 as const, other: {} },
    civilCode: '340200',
  }));

  it('splits into parts with the same SN and the total as SumNum; GB2312 round trip', () => {
    const parts = buildCatalogResponseParts({ sn: 42, deviceId: NVR, items, pageSize: 3 });
    expect(parts).toHaveLength(3);
    const decoded = parts.map((p) => parseCatalog(decode(encodeDoc(p, 'gb2312'))));
    expect(decoded.map((d) => [d.sn, d.sumNum, d.num, d.items.length])).toEqual([
      ['42', 7, 3, 3],
      ['42', 7, 3, 3],
      ['42', 7, 1, 1],
    ]);
    const all = decoded.flatMap((d) => d.items);
    expect(all.map((i) => i.name)).toEqual(items.map((i) => i.name));
    expect(all[1]).toMatchObject({ online: false, statusRaw: 'OFF', info: { ptzType: 1 }, parentIds: ['34020000002160000001'] });
  });

  it('an empty catalog is one part with SumNum 0', () => {
    const [p] = buildCatalogResponseParts({ sn: 1, deviceId: NVR, items: [], pageSize: 10 });
    expect(parseCatalog(decode(encodeDoc(p, 'utf-8')))).toMatchObject({ sumNum: 0, num: 0, items: [] });
  });

  it('query body', () => {
    const m = decode(encodeDoc(buildCatalogQuery({ sn: 7, deviceId: NVR })));
    expect(m).toMatchObject({ root: 'Query', cmdType: 'Catalog', sn: '7', deviceId: NVR });
  });

  it('NOTIFY events round trip, unknown event kept raw', () => {
    const events = ['ON', 'OFF', 'VLOST', 'DEFECT', 'ADD', 'DEL', 'UPDATE'] as const;
    const n = buildCatalogNotify({ sn: 3, deviceId: NVR, items: events.map((event, i) => ({ deviceId: `3402000000132000001${i}`, event })) });
    expect(n.root).toBe('Notify');
    const part = parseCatalog(decode(encodeDoc(n, 'gb2312')));
    expect(part.items.map((i) => i.event)).toEqual([...events]);
    const odd = parseCatalog(
      decode(`<Notify><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>${NVR}</DeviceID><SumNum>1</SumNum><DeviceList Num="1"><Item><DeviceID>1</DeviceID><Event>del</Event></Item><Item><DeviceID>2</DeviceID><Event>MOVE</Event></Item></DeviceList></Notify>`),
    );
    expect(odd.items[0].event).toBe('DEL');
    expect(odd.items[1]).toMatchObject({ eventRaw: 'MOVE' });
    expect(odd.items[1].event).toBeUndefined();
  });
});
