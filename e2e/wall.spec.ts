// The video wall: the picture is the main thing at 1280x800 and 1024x700; statistics on demand; a tile enlarges
// to the whole grid and back (button, double-click, Enter); the session list folds away; a channel double-clicked
// in the tree plays in the next free tile; after a reload a reattached tile shows the channel's name.
import { expect, test, type Page } from '@playwright/test';
import { callApi, simStart, waitForDevicesReady } from './support/api';
import { collectErrors, layoutProblems } from './support/screens';
import { startConsole, type RunningConsole } from './support/serve';

let own: RunningConsole | null = null;
test.afterEach(async () => {
  await own?.stop();
  own = null;
});

const box = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())!;

test('a usable wall: double-click plays, statistics on demand, enlarge and back, the session list folds, names survive a reload', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 4 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(own.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByRole('combobox', { name: 'Tiles' }).selectOption('9');
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  await tree.getByRole('treeitem', { name: new RegExp(`${id}, online`) }).press('ArrowRight');

  // Double-clicking channels plays them in the next free tiles.
  await tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ }).dblclick();
  await expect(page.getByRole('listitem', { name: 'Tile 1: 大门口' })).toBeVisible();
  await tree.getByRole('treeitem', { name: /^停车场东 \d{20}, online$/ }).dblclick();
  await expect(page.getByRole('listitem', { name: 'Tile 2: 停车场东' })).toBeVisible();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Playing /, { timeout: 20_000 });
  await expect(page.getByTestId('tile-status-2')).toHaveText(/^Playing /, { timeout: 20_000 });

  // The session list folds away and the tiles grow.
  const before = await box(page, 'tile-1');
  await page.getByRole('checkbox', { name: 'Session list' }).uncheck();
  await expect(page.getByRole('heading', { name: /^Open sessions/ })).toHaveCount(0);
  await expect.poll(async () => (await box(page, 'tile-1')).height).toBeGreaterThan(before.height + 40);

  // Statistics only when asked for.
  const stats = page.getByRole('listitem', { name: 'Tile 1: 大门口' }).getByLabel('Stream statistics');
  await page.mouse.move(0, 0);
  await expect.poll(() => stats.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('0');
  await page.getByRole('checkbox', { name: 'Statistics' }).check();
  await expect.poll(() => stats.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
  await page.getByRole('checkbox', { name: 'Statistics' }).uncheck();
  expect(await layoutProblems(page), 'layout of the wall at 1280x800').toEqual([]);
  await page.screenshot({ path: 'e2e/output/wall-1280.png' });

  // Enlarge by its button, back with Escape; by double-click and back by Enter.
  const grid = await page.getByRole('list', { name: 'Live view tiles' }).boundingBox();
  await page.getByRole('button', { name: 'Enlarge 大门口' }).click();
  await expect.poll(async () => (await box(page, 'tile-1')).width).toBeGreaterThan(grid!.width - 4);
  await expect(page.getByTestId('tile-2')).toBeHidden();
  await page.screenshot({ path: 'e2e/output/wall-enlarged.png' });
  await page.getByTestId('tile-1').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tile-2')).toBeVisible();
  await page.getByTestId('tile-2').dblclick({ position: { x: 60, y: 80 } });
  await expect(page.getByTestId('tile-1')).toBeHidden();
  await page.getByTestId('tile-2').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tile-1')).toBeVisible();

  await page.setViewportSize({ width: 1024, height: 700 });
  expect(await layoutProblems(page), 'layout of the wall at 1024x700').toEqual([]);
  await page.screenshot({ path: 'e2e/output/wall-1024.png' });

  // After a reload the reattached tiles are named after their channels.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  await expect(page.getByRole('listitem', { name: 'Tile 1: 大门口' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Tile 2: 停车场东' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop all' }).click();
  expect(errors).toEqual([]);
});

test('an ended tile offers one-click Reconnect, which plays the channel again in the same tile', async ({ page }) => {
  const errors = collectErrors(page);
  own = await startConsole();
  const [id] = (await simStart(own.url, { count: 1, channels: 2 })).deviceIds;
  await waitForDevicesReady(own.url, [id]);
  await page.goto(own.url);
  await page.getByRole('tab', { name: 'Live', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  await tree.getByRole('treeitem', { name: new RegExp(`${id}, online`) }).press('ArrowRight');
  await tree.getByRole('treeitem', { name: /^大门口 \d{20}, online$/ }).dblclick();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Playing /, { timeout: 20_000 });
  // The console's viewer leaves behind the page's back: the server ends the session after its linger.
  const [session] = await callApi(own.url, 'live.list', {});
  await callApi(own.url, 'live.stop', { sessionId: session.sessionId });
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Ended: live view of camera \d{20} stopped: no viewer left$/, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Reconnect 大门口' }).click();
  await expect(page.getByTestId('tile-status-1')).toHaveText(/^Playing /, { timeout: 20_000 });
  await expect(page.getByRole('listitem', { name: 'Tile 1: 大门口' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop all' }).click();
  expect(errors).toEqual([]);
});
