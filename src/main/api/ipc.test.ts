import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { EventBus } from '../core/event-bus';
import type { ApiHandlers } from './handlers';
import { bindIpc, type IpcMainLike } from './ipc';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(...args: unknown[]) {
    return this.handlers.get(IPC_INVOKE_CHANNEL)!({}, ...args);
  }
}

describe('bindIpc', () => {
  const handlers = {
    'server.status': () => ({ sipId: '34020000002000000001' }),
    'settings.get': () => { throw new ApiError('not_found', 'no such thing'); },
    'settings.update': () => ({}),
  } as unknown as ApiHandlers;

  it('answers contract methods and carries error codes across the boundary', async () => {
    const ipc = new FakeIpcMain();
    bindIpc(ipc, handlers, new EventBus(), () => undefined, () => true);
    expect(await ipc.invoke('server.status', {})).toEqual({ ok: true, result: { sipId: '34020000002000000001' } });
    expect(await ipc.invoke('settings.get', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'no such thing' } });
    expect(await ipc.invoke('process.exit', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('answers nothing to a sender the shell does not trust (an iframe, another page)', async () => {
    const ipc = new FakeIpcMain();
    let calls = 0;
    const counted = { ...handlers, 'server.status': () => { calls++; return {}; } } as unknown as ApiHandlers;
    bindIpc(ipc, counted, new EventBus(), () => undefined, (event) => event === 'trusted');
    expect(await ipc.invoke('server.status', {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'only the console window may call the API' } });
    expect(calls).toBe(0);
  });

  it('forwards events to the renderer and unbinds cleanly', () => {
    const ipc = new FakeIpcMain();
    const events = new EventBus();
    const sent: unknown[] = [];
    const unbind = bindIpc(ipc, handlers, events, (channel, payload) => sent.push([channel, payload]), () => true);
    events.emit('server.statusChanged', { sipId: 'x' } as never);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'server.statusChanged', payload: { sipId: 'x' } }]]);
    unbind();
    events.emit('server.statusChanged', { sipId: 'y' } as never);
    expect(sent).toHaveLength(1);
    expect(ipc.handlers.size).toBe(0);
  });
});
