// The console's real GB server (startGbServer on a temporary SQLite file) in its own process, as the
// platform for bench/sim-scale.bench.ts. Same protocol as mini-registrar.ts: prints {"port":N} when ready and a
// JSON line of figures when stdin closes.
import fs from 'node:fs';
import { startHarness } from '../../main/gb28181/server/testing/harness';

const h = await startHarness({
  flags: { sipIp: '127.0.0.1', sipPort: 0, password: process.env.REGISTRAR_PASSWORD ?? '12345678' },
  tuning: { autoQueries: process.env.SERVER_AUTO_QUERIES !== '0' },
});
process.stdout.write(JSON.stringify({ port: h.server.listen[0].port }) + '\n');
process.stdin.on('end', () => {
  const s = h.server.stats();
  const counters = { registered: s.devicesOnline, devicesTotal: s.devicesTotal, challenged: 0, message: 0 };
  process.stdout.write(JSON.stringify({ counters, cpu: process.cpuUsage(), rss: process.memoryUsage().rss }) + '\n');
  void h.close().finally(() => {
    fs.rmSync(h.dir, { recursive: true, force: true });
    process.exit(0);
  });
});
process.stdin.resume();
