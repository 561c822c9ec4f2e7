// Child process of channel-heap.test (run with --expose-gc): the heap that 1,000 devices' catalogs of 4 cameras
// and 3 organisation nodes take once kept in a ChannelTable, each catalog decoded from its own MESSAGE body as the
// server does. Prints {"bytesPerChannel": n}.
import { decodeBody } from '../../manscdp/codec';
import { listItems } from '../../manscdp/fields';
import { parseCatalogItem } from '../../manscdp/messages/catalog';
import { ChannelTable } from '../channel-table';

const DEVICES = 1_000;
const gc = (globalThis as { gc?: () => void }).gc!;

function catalogBody(n: number): string {
  const dev = `3402000000132${String(n).padStart(7, '0')}`;
  const org = (k: number, name: string) =>
    `<Item><DeviceID>34020000002150${String(n * 4 + k).padStart(6, '0')}</DeviceID><Name>${name}</Name><ParentID>${dev}</ParentID></Item>`;
  const camera = (k: number, name: string) =>
    `<Item><DeviceID>3402000000131${String(n * 4 + k).padStart(7, '0')}</DeviceID><Name>${name}</Name><Manufacturer>Hikvision</Manufacturer>` +
    `<Model>DS-2CD2T47G2-L</Model><Owner>Owner</Owner><CivilCode>340200</CivilCode><Address>Gate ${k}</Address><Parental>0</Parental>` +
    `<ParentID>${dev}/34020000002160000001</ParentID><SafetyWay>0</SafetyWay><RegisterWay>1</RegisterWay><Secrecy>0</Secrecy>` +
    `<IPAddress>192.168.1.64</IPAddress><Port>8000</Port><Status>ON</Status><Longitude>117.2272</Longitude><Latitude>31.8206</Latitude>` +
    `<Info><PTZType>3</PTZType><Resolution>2/5</Resolution><DownloadSpeed>1/2/4/8</DownloadSpeed></Info></Item>`;
  const items = [org(0, 'East'), org(1, 'West'), org(2, 'Campus'), camera(0, 'Lobby'), camera(1, 'Gate'), camera(2, 'Car park east'), camera(3, 'Car park west')];
  return `<?xml version="1.0" encoding="UTF-8"?><Response><CmdType>Catalog</CmdType><SN>${n}</SN><DeviceID>${dev}</DeviceID><SumNum>7</SumNum><DeviceList Num="7">${items.join('')}</DeviceList></Response>`;
}

const table = new ChannelTable();
gc();
const before = process.memoryUsage().heapUsed;
let channels = 0;
for (let n = 0; n < DEVICES; n++) {
  const body = decodeBody(Buffer.from(catalogBody(n)));
  if (!body.ok) throw new Error(body.reason);
  const entries = listItems(body.fields, 'DeviceList').map((raw) => ({ item: parseCatalogItem(raw), raw }));
  channels += table.applyCatalog(body.deviceId, entries, true, Date.now()).received;
}
gc();
const bytesPerChannel = Math.round((process.memoryUsage().heapUsed - before) / channels);
if (table.devices !== DEVICES) throw new Error('catalogs not kept');
process.stdout.write(JSON.stringify({ bytesPerChannel, channels }));
