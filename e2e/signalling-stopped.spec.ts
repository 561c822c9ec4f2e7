// A log search that stops at the server's time budget (LogQueryResult.searchedTo) is not shown as "no match": the
// installer is told the older messages are not searched yet and searches further back from where it stopped.
// The server's answers are shaped by intercepting log.query: a real log large enough to stop a search takes minutes.
import { expect, test, type Page } from '@playwright/test';
import type { LogMessage, LogQuery, LogQueryResult } from '../src/shared/contract';
import { callApi, waitFor, waitForDevicesReady } from './support/api';
import { startSimCli, type SimProcess } from './support/sim-cli';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.afterEach(async () => {
  await server?.stop();
});

test.use({ viewport: { width: 1024, height: 700 } });

/** A console with one simulated camera, and a Catalog MESSAGE row shaped from a real stored message. */
async function consoleWithOneCamera(id: string): Promise<{ sim: SimProcess; real: LogMessage; row: LogMessage }> {
  server = await startConsole();
  const sim = await startSimCli(server, ['--devices', '1', '--channels', '1', '--id-base', id, '--quiet']);
  try {
    await waitForDevicesReady(server.url, [id]);
    const real = await waitFor('a message in the log', async () => (await callApi(server.url, 'log.query', { limit: 1 })).messages[0], 20_000);
    return { sim, real, row: { ...real, id: 40, method: 'MESSAGE', status: null, reason: null, cmdType: 'Catalog' } };
  } catch (err) {
    await sim.stop();
    throw err;
  }
}

/** Searches the Signalling tab for "Catalog", its log.query pages answered from `answers` by where they start. */
async function searchCatalog(page: Page, answers: Map<number | undefined, LogQueryResult>, olderPage?: (before: number) => void): Promise<void> {
  await page.route('**/api/log.query', async (route) => {
    const q = JSON.parse(route.request().postData() ?? '{}') as LogQuery;
    if (q.text !== 'Catalog') return route.continue();
    if (q.before !== undefined) olderPage?.(q.before);
    await route.fulfill({ json: answers.get(q.before) ?? { messages: [], hasMore: false } });
  });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  await page.getByLabel('Text contains').fill('Catalog');
}

test('a search that stopped at its time budget says so and searches further back from where it stopped', async ({ page }) => {
  const { sim, row } = await consoleWithOneCamera('34020000001320000077');
  try {

    // By where a page starts: the newest page (also the live tail's requeries) stops at 50 with no rows.
    const answers = new Map<number | undefined, LogQueryResult>([
      [undefined, { messages: [], hasMore: true, searchedTo: 50 }],
      [50, { messages: [row], hasMore: true, searchedTo: 30 }],
      [30, { messages: [], hasMore: false }],
    ]);
    const older: (number | undefined)[] = [];
    await searchCatalog(page, answers, (before) => older.push(before));

    const stopped = page.getByRole('status').filter({ hasText: 'No match in the newest messages yet' });
    await expect(stopped).toHaveText('No match in the newest messages yet: the search stopped at its time limit before reaching older ones.');
    await expect(page.getByText('No messages match.')).toHaveCount(0);
    const further = page.getByRole('button', { name: 'Search further back' });
    await expect(further).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: 'e2e/output/signalling-stopped-empty.png' });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('status').filter({ hasText: '最新的消息中暂无匹配' })).toHaveText('最新的消息中暂无匹配：搜索已达到时间上限，更早的消息尚未搜索。');
    await page.getByRole('button', { name: '继续向前搜索' }).click();
    await expect(page.getByText('搜索已达到时间上限，更早的消息尚未搜索。')).toBeVisible();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');

    const table = page.getByRole('table', { name: 'Signalling messages' });
    await expect(table.getByRole('row', { name: / Catalog / })).toHaveCount(1);
    await expect(page.getByText('The search stopped at its time limit; older messages are not searched yet.')).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: 'e2e/output/signalling-stopped-rows.png' });
    await page.getByRole('button', { name: 'Search further back' }).click();
    await expect(page.getByText('No older messages.')).toBeVisible();

    expect(older).toEqual([50, 30]);
  } finally {
    await sim.stop();
  }
});

test('a stopped search says from when it found nothing, or how far back it got, when the server gives the time', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { sim, real, row } = await consoleWithOneCamera('34020000001320000078');
  try {
    const at = real.time - 3 * 3600_000;
    const answers = new Map<number | undefined, LogQueryResult>([
      [undefined, { messages: [], hasMore: true, searchedTo: 50, searchedToTime: at }],
      [50, { messages: [row], hasMore: true, searchedTo: 30, searchedToTime: at - 3600_000 }],
    ]);
    await searchCatalog(page, answers);
    const time = /\d{1,2}:\d{2}/;
    const since = page.getByRole('status').filter({ hasText: 'No match since' });
    await expect(since).toHaveText(/^No match since .+: the search stopped at its time limit there; older messages are not searched yet\.$/);
    await expect(since).toHaveText(time);
    await expect(page.getByRole('button', { name: 'Search further back' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: 'e2e/output/signalling-stopped-since.png' });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('status').filter({ hasText: '以来暂无匹配' })).toHaveText(/^自 .+ 以来暂无匹配：搜索在此达到时间上限，更早的消息尚未搜索。$/);
    await page.screenshot({ path: 'e2e/output/signalling-stopped-since-zh.png' });
    await page.getByRole('button', { name: '继续向前搜索' }).click();
    const back = page.getByText(/^已搜索到 .+：搜索已达到时间上限，更早的消息尚未搜索。$/);
    await expect(back).toBeInViewport({ ratio: 1 });
    await expect(back).toHaveText(time);
    await page.screenshot({ path: 'e2e/output/signalling-stopped-back-zh.png' });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(page.getByText(/^Searched back to .+: the search stopped at its time limit; older messages are not searched yet\.$/)).toBeInViewport({ ratio: 1 });
  } finally {
    await sim.stop();
  }
});
