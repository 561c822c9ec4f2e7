// temporary: profile the shipped server through warm-up + one burst
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freeUdpPort, startShipped, cpuSeconds, threadCpu } from './support/shipped-server';
import { writeCsv } from './support/sipp-register';
const dir = fs.mkdtempSync('/tmp/gb-regprof-');
const ids = Array.from({ length: 10000 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));
const csv = writeCsv(path.join(dir, 'devices.csv'), ids, '12345678');
const port = await freeUdpPort();
const s = await startShipped(path.join(dir, 'shipped'), port, '12345678');
const sipp = (calls: number) => {
  const t0 = Date.now();
  const r = spawnSync('sipp', [`127.0.0.1:${port}`, '-sf', path.resolve('src/main/gb28181/interop/scenarios/gb-register-bench.xml'), '-inf', csv, '-key', 'server', '34020000002000000001', '-key', 'domain', '3402000000', '-t', 'u1', '-i', '127.0.0.1', '-p', '15099', '-m', String(calls), '-r', '15000', '-l', '200', '-nostdin', '-timeout', '300s', '-buff_size', String(4 << 20)], { cwd: '/tmp', encoding: 'utf8' });
  const ok = /Successful call\s*\|[^|]*\|\s*(\d+)/.exec(r.stdout)?.[1];
  return { ok: Number(ok), sec: (Date.now() - t0) / 1000 };
};
sipp(10000);
const reps = Number(process.env.REPS ?? 2);
for (let i = 0; i < reps; i++) {
  const pid = s.proc.pid!;
  const c0 = cpuSeconds(pid), m0 = cpuSeconds(pid, pid), th0 = threadCpu(pid);
  const r = sipp(40000);
  const c1 = cpuSeconds(pid), m1 = cpuSeconds(pid, pid), th1 = threadCpu(pid);
  const per = [...th1].map(([k, v]) => [k, ((v - (th0.get(k) ?? 0)) / r.ok) * 1e6] as const).filter(([, v]) => v > 1).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
  console.log(`burst ${r.ok} in ${r.sec}s = ${(r.ok / r.sec).toFixed(0)}/s; total ${(((c1 - c0) / r.ok) * 1e6).toFixed(0)} µs/reg, main ${(((m1 - m0) / r.ok) * 1e6).toFixed(0)} µs/reg; ${per}`);
}
await s.stop();
