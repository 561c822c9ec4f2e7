// The console's "simulated camera" action: a newcomer with no hardware starts cameras from the UI and sees them
// register, then stops them and sees them go offline.
import { expect, test } from '@playwright/test';
import { startConsole, type RunningConsole } from './support/serve';

let server: RunningConsole;
test.beforeAll(async () => {
  server = await startConsole();
});
test.afterAll(async () => {
  await server?.stop();
});

test('starts simulated cameras from Camera setup, sees them online in the tree, then stops them', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Devices', exact: true }).click();
  await page.getByRole('tab', { name: 'Camera setup' }).click();
  const panel = page.getByRole('region', { name: 'No camera at hand? Start simulated cameras' });
  await expect(panel.getByTestId('sim-running')).toHaveText('No simulated cameras are running.');

  await panel.getByLabel('Simulated cameras').fill('2');
  await panel.getByLabel('Channels each').fill('3');
  await panel.getByRole('button', { name: 'Start simulated cameras' }).click();
  await expect(panel.getByTestId('sim-running')).toHaveText(/^2 simulated cameras running: 34020000001320900001 … \d{20}$/);

  const tree = page.getByRole('tree', { name: 'Devices and channels' });
  await expect(tree.getByRole('treeitem', { name: /^模拟摄像机1 34020000001320900001, online, 3\/3 channels online$/ })).toBeVisible({ timeout: 15_000 });
  await expect(tree.getByRole('treeitem', { name: /^模拟摄像机2 \d{20}, online, 3\/3 channels online$/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('statusbar-devices')).toContainText('2/2');

  await panel.getByRole('button', { name: 'Stop simulated cameras' }).click();
  await expect(panel.getByTestId('sim-running')).toHaveText('No simulated cameras are running.');
  await expect(tree.getByRole('treeitem', { name: /^模拟摄像机1 34020000001320900001, offline/ })).toBeVisible({ timeout: 15_000 });
});
