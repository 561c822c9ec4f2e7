// One console core (createCore) with --redis in a process of its own, so a test can kill it as a crash would
// (SIGKILL: no goodbye to Redis, no BYE, no unregistration). Reads CORE_PROCESS = {dataDir, redis, sipPort, mediaPorts, store?, tuning?}
// from the environment; prints {"sipPort":N,"self":"..."} once it is up; closes cleanly when stdin ends.
import { createCore } from '../../core/create-core';

const o = JSON.parse(process.env.CORE_PROCESS ?? '{}') as {
  dataDir: string;
  redis: string;
  sipPort: number;
  mediaPorts: [number, number];
  /** A PostgreSQL URL the instances share; default SQLite in dataDir. */
  store?: string;
  tuning?: { instanceTtlMs?: number; presenceRefreshMs?: number };
};
const core = await createCore({
  dataDir: o.dataDir,
  flags: { sipIp: '127.0.0.1', sipPort: o.sipPort, password: '12345678', mediaIp: '127.0.0.1', mediaPortMin: o.mediaPorts[0], mediaPortMax: o.mediaPorts[1] },
  statsIntervalMs: 0,
  redis: o.redis,
  store: o.store ? { kind: 'postgres', url: o.store } : undefined,
  clusterTuning: o.tuning,
});
const udp = core.gb.listen.find((l) => l.transport === 'udp')!;
process.stdout.write(JSON.stringify({ sipPort: udp.port, self: core.cluster?.self }) + '\n');
process.stdin.on('end', () => void core.close().finally(() => process.exit(0)));
process.stdin.resume();
