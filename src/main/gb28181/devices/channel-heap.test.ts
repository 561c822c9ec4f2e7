// The heap a kept channel costs, measured in a child process (testing/channel-heap.ts) so that nothing else of
// the test run is counted: values repeated from channel to channel are kept once (measured 844-848 bytes a
// channel with a copy per channel, 608-618 with the pool).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/channel-heap.ts');

it('7,000 channels from 1,000 catalogs take under 720 bytes of heap each', { timeout: 60_000 }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--expose-gc', script], { timeout: 50_000 });
  const { bytesPerChannel, channels } = JSON.parse(stdout) as { bytesPerChannel: number; channels: number };
  expect(channels).toBe(7_000);
  expect(bytesPerChannel).toBeLessThan(720);
});
