// The signalling log on a site that mostly sends keepalives: one click hides them, and the text and pcap exports
// download through the browser (the console may run on another machine), in English and Chinese.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { callApi, waitFor, waitForDevicesReady } from './support/api';
import { startSimCli } from './support/sim-cli';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.afterEach(async () => {
  await server?.stop();
});

test('"Hide keepalives" leaves them out of the log and its exports, which the browser downloads', async ({ page }) => {
  server = await startConsole();
  const id = '34020000001320000088';
  const sim = await startSimCli(server, ['--devices', '1', '--channels', '1', '--id-base', id, '--keepalive', '2', '--quiet']);
  try {
    await waitForDevicesReady(server.url, [id]);
    await waitFor('two keepalives in the log', async () => ((await callApi(server.url, 'log.query', { method: 'Keepalive' })).messages.length >= 2 ? true : undefined), 20_000);

    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
    const table = page.getByRole('table', { name: /^(Signalling messages|信令消息)$/ });
    await expect(table.getByRole('row', { name: / Keepalive / }).first()).toBeVisible();
    await expect(table.getByRole('row', { name: / REGISTER / }).first()).toBeVisible();

    await page.getByRole('checkbox', { name: 'Hide keepalives' }).check();
    await expect(table.getByRole('row', { name: / Keepalive / })).toHaveCount(0);
    await expect(table.getByRole('row', { name: / REGISTER / }).first()).toBeVisible();

    const [text] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export text log' }).click()]);
    expect(text.suggestedFilename()).toMatch(/^signalling-\d{8}-\d{6}(-\d+)?\.txt$/);
    const body = fs.readFileSync((await text.path())!, 'utf8');
    expect(body).toContain('without keepalives');
    expect(body).toContain('REGISTER sip:');
    expect(body).not.toContain('<CmdType>Keepalive</CmdType>');
    await expect(page.getByTestId('export-saved')).toHaveText(/^Saved signalling-.+\.txt \(\d+ messages\)\.$/);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('checkbox', { name: '隐藏心跳' })).toBeChecked();
    const [pcap] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /pcap/ }).click()]);
    expect(pcap.suggestedFilename()).toMatch(/\.pcap$/);
    expect([0xa1b2c3d4, 0xa1b23c4d]).toContain(fs.readFileSync((await pcap.path())!).readUInt32LE(0));
    await expect(page.getByTestId('export-saved')).toHaveText(/^已保存 signalling-.+\.pcap（\d+ 条消息）。$/);
    await page.getByRole('checkbox', { name: '隐藏心跳' }).uncheck();
    await expect(table.getByRole('row', { name: / Keepalive / }).first()).toBeVisible();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  } finally {
    await sim.stop();
  }
});

test('the time filters are written as the language writes dates (YYYY-MM-DD in Chinese) and say how when mistyped', async ({ page }) => {
  server = await startConsole();
  const id = '34020000001320000089';
  const sim = await startSimCli(server, ['--devices', '1', '--channels', '1', '--id-base', id, '--quiet']);
  try {
    await waitForDevicesReady(server.url, [id]);
    // The log's writer yields to everything else (README, What runs where): under the whole suite's load it can
    // store the REGISTER well after the device is catalogued, and this spec is about the filters, not that.
    await waitFor('the REGISTER stored in the log', async () => ((await callApi(server.url, 'log.query', { method: 'REGISTER' })).messages.length > 0 ? true : undefined), 40_000);
    await page.goto(server.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('tab', { name: '信令', exact: true }).click();
    const table = page.getByRole('table', { name: '信令消息' });
    await expect(table.getByRole('row', { name: / REGISTER / }).first()).toBeVisible();

    const from = page.getByRole('textbox', { name: '开始时间' });
    await expect(from).toHaveAttribute('placeholder', 'YYYY-MM-DD HH:mm:ss');
    await from.fill('2099-01-01 00:00');
    await expect(from).not.toHaveAttribute('aria-invalid', 'true');
    await expect(table.getByRole('row', { name: / REGISTER / })).toHaveCount(0);

    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    const fromEn = page.getByRole('textbox', { name: 'From' });
    await expect(fromEn).toHaveValue('01/01/2099 00:00:00');

    await fromEn.fill('02/30/2026 10:00');
    await expect(fromEn).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Write it as MM/DD/YYYY HH:mm:ss')).toBeVisible();
    // A time that is not a date filters nothing out.
    await expect(page.getByRole('table', { name: 'Signalling messages' }).getByRole('row', { name: / REGISTER / }).first()).toBeVisible();
    await fromEn.fill('');
    await expect(page.getByText('Write it as MM/DD/YYYY HH:mm:ss')).toHaveCount(0);
  } finally {
    await sim.stop();
  }
});

test('the live log follows while the Signalling tab is open, stops while another tab is, and catches up when it is back', async ({ page }) => {
  server = await startConsole();
  const id = '34020000001320000087';
  const sim = await startSimCli(server, ['--devices', '1', '--channels', '1', '--id-base', id, '--keepalive', '1', '--quiet']);
  try {
    await waitForDevicesReady(server.url, [id]);
    // The live log's listen frames (the device tree sends its own, for channel lists).
    const sent: string[] = [];
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/api/events')) return;
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('log.message')) sent.push(String(f.payload));
      });
    });
    const storedKeepalives = async () => (await callApi(server.url, 'log.query', { method: 'Keepalive', limit: 500 })).messages.length;

    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
    const keepalives = page.getByRole('table', { name: 'Signalling messages' }).getByRole('row', { name: / Keepalive / });
    await expect.poll(() => sent).toEqual(['{"listen":["log.message"]}']);
    const first = await keepalives.count();
    await expect.poll(() => keepalives.count(), { timeout: 20_000 }).toBeGreaterThan(first + 1);

    await page.getByRole('tab', { name: 'Devices', exact: true }).click();
    await expect.poll(() => sent).toEqual(['{"listen":["log.message"]}', '{"unlisten":["log.message"]}']);
    const away = await storedKeepalives();
    await waitFor('keepalives stored while the Signalling tab is closed', async () => ((await storedKeepalives()) >= away + 4 ? true : undefined), 20_000);
    await sim.stop();

    await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
    await expect.poll(() => sent.at(-1)).toBe('{"listen":["log.message"]}');
    // The device is gone: only the catch-up query can bring what was stored meanwhile.
    await expect.poll(async () => (await keepalives.count()) - (await storedKeepalives()), { timeout: 20_000 }).toBe(0);
  } finally {
    await sim.stop();
  }
});

test('the Signalling tab says how many messages were not stored and how long the rest have waited to be written, in both languages', async ({ page }) => {
  server = await startConsole();
  // Shedding takes a writer 50,000 messages behind with its spool file full, which an e2e run cannot make: the real
  // event socket is passed through and its server.stats frames get those counters; the page is the real one. (How
  // long messages waited is measured against a real writer in signalling-log.worker.test.ts.)
  let counters: { logDropped: number; logQueued: number; logBehindMs: number } | null = null;
  let rewritten = 0;
  await page.routeWebSocket(/\/api\/events/, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((m) => upstream.send(m));
    upstream.onMessage((m) => {
      if (counters === null || typeof m !== 'string') return ws.send(m);
      type Sent = { event: string; payload: Record<string, unknown> };
      const data = JSON.parse(m) as Sent | Sent[];
      const frames = (Array.isArray(data) ? data : [data]).map((e) => (e.event === 'server.stats' ? (rewritten++, { ...e, payload: { ...e.payload, ...counters } }) : e));
      ws.send(JSON.stringify(Array.isArray(data) ? frames : frames[0]));
    });
  });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Signalling', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Signalling messages' })).toBeVisible();
  // A quiet site's messages waiting their second to be written are not worth a word.
  counters = { logDropped: 0, logQueued: 300, logBehindMs: 900 };
  const seen = rewritten;
  await expect.poll(() => rewritten).toBeGreaterThan(seen + 1);
  await expect(page.getByText(/to be written/)).toHaveCount(0);

  counters = { logDropped: 1, logQueued: 48_210, logBehindMs: 42_400 };
  const state = page.getByRole('status').filter({ hasText: 'not stored' });
  await expect(state).toContainText('1 message was not stored since the server started: writing the log fell behind.');
  await expect(state).toContainText('Writing the log is 42 s behind: 48,210 messages wait to be written and appear here once stored.');
  counters = { logDropped: 52_000, logQueued: 48_210, logBehindMs: 61_000 };
  await expect(state).toContainText('52,000 messages were not stored since the server started');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByText('服务启动以来有 52,000 条消息未能存入日志：日志写入跟不上。')).toBeVisible();
  await expect(page.getByText('日志写入已落后 61 秒：48,210 条消息等待写入，写入后即显示在这里。')).toBeVisible();
  await page.screenshot({ path: 'e2e/output/signalling-write-state-zh.png' });
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: 'e2e/output/signalling-write-state-en-1024.png' });

  counters = { logDropped: 52_000, logQueued: 0, logBehindMs: 0 };
  await expect(page.getByText(/to be written/)).toHaveCount(0);
  await expect(page.getByText(/52,000 messages were not stored/)).toBeVisible();
});
