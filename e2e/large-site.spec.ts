// A site past 5,000 channels seen from the console: the page holds only the channel lists of the devices open in
// the tree, so it does not take channel.changed (every device's whole list at each change, shared/contract.ts
// OPT_IN_EVENTS); a change to an open device's list still shows, read again when its channelsChangedAt moves.
import { expect, test } from '@playwright/test';
import { callApi, simStart, simStop, waitForDevicesReady } from './support/api';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole | undefined;
test.afterAll(async () => {
  if (server) await simStop(server.url).catch(() => undefined);
  await server?.stop();
});

declare global {
  interface Window {
    __eventsByName: Record<string, number>;
  }
}

test('past 5,000 channels the page takes no channel lists, and an open device still shows a channel renamed elsewhere', async ({ page }) => {
  test.setTimeout(120_000);
  server = await startConsole();
  // 80 cameras of 64 channels: 5,120 channels.
  const { deviceIds } = await simStart(server.url, { count: 80, channels: 64 });
  await waitForDevicesReady(server.url, deviceIds, 60_000);

  await page.addInitScript(() => {
    const seen = (window.__eventsByName = {} as Record<string, number>);
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (!String(url).includes('/api/events')) return;
        this.addEventListener('message', (m) => {
          const data = JSON.parse(String(m.data)) as { event: string } | { event: string }[];
          for (const e of Array.isArray(data) ? data : [data]) seen[e.event] = (seen[e.event] ?? 0) + 1;
        });
      }
    } as typeof WebSocket;
  });
  await page.goto(server.url);
  await page.getByRole('combobox', { name: /^(Language|语言)$/ }).selectOption('en');
  await expect(page.getByTestId('statusbar-devices')).toContainText('80/80');
  const [id] = deviceIds;
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  const device = tree.getByRole('treeitem', { name: new RegExp(` ${id}, online, 64/64 channels online$`) });
  await device.click();
  await device.press('ArrowRight');
  const [first] = await callApi(server.url, 'channel.list', { deviceId: id });
  await expect(tree.getByRole('treeitem', { name: `${first.name} ${first.channelId}, online` })).toBeVisible();

  // Renamed by another console (the API): this page learns it from the device's event alone.
  await callApi(server.url, 'channel.rename', { deviceId: id, channelId: first.channelId, name: '北门' });
  await expect(tree.getByRole('treeitem', { name: `北门 ${first.channelId}, online` })).toBeVisible();
  const seen = await page.evaluate(() => window.__eventsByName);
  expect(seen['device.updated'] ?? 0).toBeGreaterThan(0);
  expect(seen['channel.changed'] ?? 0).toBe(0);
});
