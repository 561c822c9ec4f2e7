// Electron shell: makes the window and binds the core's API to IPC. Everything else is the shared core.
import { app, BrowserWindow, ipcMain, MessageChannelMain, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindIpc } from './api/ipc';
import { bindMediaIpc } from './api/media-ipc';
import { FlagError, parseFlags } from './config/flags';
import { createCore, type Core } from './core/create-core';
import { governHeapGrowthDuringStorms, limitHeapGrowth } from './core/heap-growth';
import { isAppUrl } from './electron-shell/app-url';
import { installCleanQuit } from './electron-shell/clean-quit';
import { allowSharedMemory, isolateOwnResponses } from './electron-shell/cross-origin-isolation';
import { isTrustedSender } from './electron-shell/ipc-sender';
import { acquireDataLock } from './store/sqlite/data-lock';
import { installCrashGuards } from './serve';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
const rendererUrl = process.env.ELECTRON_RENDERER_URL;

const isOwnPage = (url: string) => isAppUrl(url, { rendererIndex, devUrl: rendererUrl });

async function main(): Promise<void> {
  installCrashGuards();
  const flags = parseFlags(process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('--inspect') && a !== '.'));
  allowSharedMemory(app.commandLine);
  await app.whenReady();
  const dataDir = flags.dataDir ?? app.getPath('userData');
  const lock = acquireDataLock(dataDir);
  limitHeapGrowth();
  let core: Core;
  try {
    core = await createCore({ dataDir, flags: flags.settings, print: true, store: flags.store });
  } catch (err) {
    lock.release();
    throw err;
  }

  // Electron security checklist: deny every permission request, navigation and window the app does not own.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  isolateOwnResponses(session.defaultSession.webRequest, isOwnPage);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'GB28181 Console',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    },
  });
  const trusted = (event: unknown) => isTrustedSender(event, () => (win.isDestroyed() ? null : win.webContents.id), isOwnPage);
  const ipc = bindIpc(
    ipcMain,
    core.handlers,
    core.events,
    (channel, payload) => {
      if (!win.isDestroyed()) win.webContents.send(channel, payload);
    },
    trusted,
    {
      callerOf: (event) => ({ clientId: `window:${(event as { sender: { id: number } }).sender.id}` }),
      // The log's writer thread sends stored messages back only while the window shows the live log.
      onOptInDemand: (event, clients) => {
        if (event === 'log.message') core.showLiveLog(clients > 0);
      },
    },
  );
  // The window reloading or closing is the API client going away: a PTZ move it started is stopped, and the
  // new page listens for nothing until it says so.
  const windowGone = () => {
    core.clients.ended(`window:${windowId}`);
    ipc.pageGone();
  };
  const windowId = win.webContents.id;
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) windowGone();
  });
  win.webContents.on('render-process-gone', windowGone);
  win.on('closed', windowGone);
  const unbindMedia = bindMediaIpc(ipcMain, core.live, () => new MessageChannelMain(), trusted);
  const heapGovernor = governHeapGrowthDuringStorms(core);
  installCleanQuit(app, process, async () => {
    heapGovernor.stop();
    ipc.unbind();
    unbindMedia();
    await core.close();
    lock.release();
  }, (err) => console.error('shutting down:', err));
  if (rendererUrl) await win.loadURL(rendererUrl);
  else await win.loadFile(rendererIndex);

}

main().catch((err) => {
  console.error(`Cannot start: ${err instanceof FlagError ? err.message : err instanceof Error ? err.message : String(err)}`);
  app.exit(2);
});
