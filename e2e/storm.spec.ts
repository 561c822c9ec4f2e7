// A registration storm seen from the console: 1,000 simulated cameras register while the page is open. Their
// events reach the page in batches, the tree takes them a batch at a time, and the page keeps answering: a search
// typed mid-storm filters the tree (the event loop's lag is printed as a figure).
import { expect, test } from '@playwright/test';
import { simStart, simStop } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await simStop(server.url).catch(() => undefined);
  await server?.stop();
});

declare global {
  interface Window {
    __lag: { worst: number; samples: number[]; frames: number; events: number };
  }
}

test('1,000 cameras registering at once: events arrive batched and the tree stays responsive', async ({ page }) => {
  test.setTimeout(180_000);
  // Counts event frames on the page's sockets and how late a 50 ms timer fires (the event loop's lag).
  await page.addInitScript(() => {
    const lag = (window.__lag = { worst: 0, samples: [] as number[], frames: 0, events: 0 });
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes('/api/events')) {
          this.addEventListener('message', (m) => {
            lag.frames++;
            const data = JSON.parse(String(m.data)) as unknown;
            lag.events += Array.isArray(data) ? data.length : 1;
          });
        }
      }
    } as typeof WebSocket;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      const late = now - last - 50;
      last = now;
      lag.samples.push(late);
      lag.worst = Math.max(lag.worst, late);
    }, 50);
  });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  await expect(page.getByTestId('statusbar-devices')).toContainText('0/0');
  await page.evaluate(() => {
    window.__lag.worst = 0;
    window.__lag.samples = [];
  });

  const started = Date.now();
  // sim.start takes up to 200 a call; five calls back to back.
  for (let i = 0; i < 5; i++) await simStart(server.url, { count: 200, channels: 2 });

  // Mid-storm: a search for the 500th camera's ID answers while the rest register (named once its DeviceInfo
  // is answered; until then by its ID).
  const search = page.getByRole('textbox', { name: 'Search ID or name' });
  await search.fill('34020000001320900500');
  await expect(tree.getByRole('treeitem', { name: /34020000001320900500, online/ })).toBeVisible({ timeout: 30_000 });
  await expect(tree.getByRole('treeitem')).toHaveCount(1);
  await search.fill('');

  await expect(page.getByTestId('statusbar-devices')).toContainText('1,000/1,000', { timeout: 120_000 });
  await expect(page.getByTestId('tree-counts')).toContainText(/^1,000\/1,000 devices/, { timeout: 30_000 });
  const took = Date.now() - started;

  const lag = await page.evaluate(() => {
    const sorted = [...window.__lag.samples].sort((a, b) => a - b);
    return { worst: window.__lag.worst, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, frames: window.__lag.frames, events: window.__lag.events };
  });
  console.log(`storm: 1,000 devices in ${took} ms; ${lag.events} events in ${lag.frames} frames; event-loop lag p95 ${Math.round(lag.p95)} ms, worst ${Math.round(lag.worst)} ms`);
  test.info().annotations.push({ type: 'storm', description: JSON.stringify({ took, ...lag }) });
  // At least 1,000 online events plus their DeviceInfo/Catalog updates, in far fewer frames.
  expect(lag.events).toBeGreaterThanOrEqual(1000);
  expect(lag.frames).toBeLessThan(lag.events / 4);
  // How late the page's timers ran is printed above, not asserted: timing targets live in benchmarks, and this
  // machine's load is not the console's. Responsiveness is asserted by the search above, typed mid-storm.
});
