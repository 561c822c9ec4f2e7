// Simulated devices (SimFleet) in a process of their own, for tests that drive console servers from outside:
// reads SIM_PROCESS = FleetOptions (JSON) from the environment, prints one JSON line per event
//   {"ev":"ready"} once the devices exist, then {"ev":"registered","deviceId","server":"ip:port"},
//   {"ev":"redirected","deviceId","to":"ip:port"}, {"ev":"failed","deviceId","reason"}
// and unregisters the devices and exits when stdin ends.
import { SimFleet, type FleetOptions } from '../../../device-sim/fleet/fleet';

const options = JSON.parse(process.env.SIM_PROCESS ?? '{}') as FleetOptions;
const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const fleet = await SimFleet.start({ ...options, deferStart: true });
for (const d of fleet.devices) d.events.on('redirected', (e) => say({ ev: 'redirected', deviceId: d.deviceId, to: e.to }));
fleet.events.on('registered', (e) => say({ ev: 'registered', deviceId: e.deviceId, server: fleet.get(e.deviceId)!.serverText() }));
fleet.events.on('register-failed', (e) => say({ ev: 'failed', deviceId: e.deviceId, reason: e.reason }));
say({ ev: 'ready' });
void fleet.startAll();
process.stdin.on('end', () => void fleet.stop().finally(() => process.exit(0)));
process.stdin.resume();
