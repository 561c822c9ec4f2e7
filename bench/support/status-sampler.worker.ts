// bench:storm's server.status sampler, on a thread of its own (storm.bench.ts sampleStatus): a round trip every
// 20 ms until told to stop, then the times and failures posted back. The requests go through http-json.ts, as a
// browser's console holds one kept-alive connection; STORM_STATUS_CLIENT=fetch uses fetch (undici) instead.
import { parentPort, workerData } from 'node:worker_threads';
import { jsonClient } from './http-json';

const { url, headers, client } = workerData as { url: string; headers: Record<string, string>; client: string };
const http = jsonClient();
const viaFetch = async (): Promise<unknown> => {
  const res = await fetch(url, { method: 'POST', headers, body: '{}' });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${await res.text()}`);
  return res.json();
};
const ask = client === 'fetch' ? viaFetch : () => http.post(url, headers, {});

const times: number[] = [];
const failures: string[] = [];
let running = true;
parentPort!.on('message', () => (running = false));
while (running) {
  const t = performance.now();
  try {
    await ask();
    times.push(performance.now() - t);
  } catch (err) {
    const e = err as Error & { cause?: Error };
    failures.push(e.message + (e.cause ? ': ' + e.cause.message : ''));
  }
  await new Promise((r) => setTimeout(r, 20));
}
http.close();
parentPort!.postMessage({ times, failures });
