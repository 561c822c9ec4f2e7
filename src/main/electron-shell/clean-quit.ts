// Quitting by any route (window closed, app.quit, Cmd+Q, SIGTERM/SIGINT) first closes the core (BYE to live
// sessions, the signalling log flushed, the database closed), then lets Electron quit. before-quit is held
// once while the core closes; a second quit request while closing waits for the same close.

/** The parts of Electron's `app` used here. */
export interface QuitApp {
  on(event: 'before-quit', listener: (e: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  quit(): void;
}

export interface QuitProcess {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

export function installCleanQuit(app: QuitApp, proc: QuitProcess, closeCore: () => Promise<void>, onError: (err: unknown) => void = () => undefined): {
  closing(): Promise<void> | null;
} {
  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (e) => {
    if (closed) return;
    e.preventDefault();
    closing ??= closeCore()
      .catch(onError)
      .then(() => {
        closed = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => app.quit());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) proc.on(signal, () => app.quit());
  return { closing: () => closing };
}
