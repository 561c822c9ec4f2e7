// A GB server in its own process for the crash test: `node --import tsx child-server.ts <dataDir>`.
// Prints "READY <port>", then one line per device online and per channel list change, each written only after
// the change was committed to SQLite (the store's write-behind batch that carries it).
import { startHarness } from './harness';

const dir = process.argv[2];
const h = await startHarness({ dir, flags: { sipIp: '127.0.0.1', sipPort: 0 } });
const say = (line: string) => void h.store.committed().then(() => process.stdout.write(line + '\n'));
h.events.on('device.online', (d) => say(`ONLINE ${d.deviceId}`));
h.events.on('channel.changed', (c) => say(`CHANNELS ${c.deviceId} ${c.channels.length}`));
say(`READY ${h.server.listen[0].port}`);
