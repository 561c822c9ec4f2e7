import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installCleanQuit, type QuitApp } from './clean-quit';

/** Electron's quit sequence as far as this module sees it: quit() emits before-quit unless prevented. */
class FakeApp extends EventEmitter implements QuitApp {
  quits = 0;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

function setup() {
  const app = new FakeApp();
  const proc = new EventEmitter();
  const order: string[] = [];
  let release!: () => void;
  const close = () =>
    new Promise<void>((r) => {
      order.push('core closing');
      release = () => {
        order.push('core closed');
        r();
      };
    });
  const quit = installCleanQuit(app, proc as never, close);
  return { app, proc, order, quit, release: () => release() };
}

describe('installCleanQuit', () => {
  for (const [route, trigger] of [
    ['app.quit / Cmd+Q', (s: ReturnType<typeof setup>) => s.app.quit()],
    ['the last window closed', (s: ReturnType<typeof setup>) => s.app.emit('window-all-closed')],
    ['SIGTERM', (s: ReturnType<typeof setup>) => s.proc.emit('SIGTERM')],
  ] as const) {
    it(`on ${route}: the core closes (BYE, log flushed) before the app really quits, once`, async () => {
      const s = setup();
      trigger(s);
      expect(s.app.quits).toBe(0);
      s.app.quit(); // a second request while closing
      expect(s.order).toEqual(['core closing']);
      s.release();
      await s.quit.closing();
      expect(s.order).toEqual(['core closing', 'core closed']);
      expect(s.app.quits).toBe(1);
    });
  }

  it('still quits when closing the core fails', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    const quit = installCleanQuit(app, new EventEmitter() as never, () => Promise.reject(new Error('disk gone')), (e) => errors.push(e));
    app.quit();
    await quit.closing();
    expect(app.quits).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
