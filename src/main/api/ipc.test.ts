import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_LISTEN_CHANNEL } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { EventBus } from '../core/event-bus';
import type { ApiHandlers } from './handlers';
import { bindIpc, type IpcMainLike } from './ipc';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  readonly listeners = new Map<string, Set<Listener>>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  }
  removeListener(channel: string, listener: Listener) {
    this.listeners.get(channel)?.delete(listener);
  }
  /** What the preload sends on the listen channel. */
  send(channel: string, event: unknown, ...args: unknown[]) {
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args);
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
    const binding = bindIpc(ipc, handlers, events, (channel, payload) => sent.push([channel, payload]), () => true);
    events.emit('server.statusChanged', { sipId: 'x' } as never);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'server.statusChanged', payload: { sipId: 'x' } }]]);
    binding.unbind();
    events.emit('server.statusChanged', { sipId: 'y' } as never);
    expect(sent).toHaveLength(1);
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.get(IPC_LISTEN_CHANNEL)?.size).toBe(0);
  });

  /** A window bound with `trusted` deciding whom to trust; returns the events it got and the demand reported. */
  function optInWindow(trusted: (event: unknown) => boolean = () => true) {
    const ipc = new FakeIpcMain();
    const events = new EventBus();
    const got: string[] = [];
    const demand: Array<[string, number]> = [];
    const binding = bindIpc(ipc, handlers, events, (_c, p) => got.push((p as { event: string }).event), trusted, {
      // The live log's demand; channel.changed's is reported the same way (its own test below).
      onOptInDemand: (event, clients) => {
        if (event === 'log.message') demand.push([event, clients]);
      },
    });
    const emitBoth = () => {
      events.emit('log.message', {} as never);
      events.emit('server.statusChanged', {} as never);
    };
    return { ipc, got, demand, binding, emitBoth };
  }

  it('sends the live log to the window only between its listen and unlisten frames, and says so', () => {
    const { ipc, got, demand, emitBoth } = optInWindow();
    expect(demand).toEqual([['log.message', 0]]);
    emitBoth();
    expect(got).toEqual(['server.statusChanged']);

    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ listen: ['log.message'] }));
    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ listen: ['log.message'] }));
    emitBoth();
    expect(got).toEqual(['server.statusChanged', 'log.message', 'server.statusChanged']);
    expect(demand).toEqual([['log.message', 0], ['log.message', 1]]);

    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ unlisten: ['log.message'] }));
    emitBoth();
    expect(got.slice(3)).toEqual(['server.statusChanged']);
    expect(demand.at(-1)).toEqual(['log.message', 0]);
  });

  it('sends channel lists to a window only while it listens for them', () => {
    const ipc = new FakeIpcMain();
    const events = new EventBus();
    const got: string[] = [];
    const demand: Array<[string, number]> = [];
    bindIpc(ipc, handlers, events, (_c, p) => got.push((p as { event: string }).event), () => true, {
      onOptInDemand: (event, clients) => demand.push([event, clients]),
    });
    const emit = () => {
      events.emit('channel.changed', { deviceId: '34020000001320000001', channels: [] });
      events.emit('device.updated', {} as never);
    };
    emit();
    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ listen: ['channel.changed'] }));
    emit();
    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ unlisten: ['channel.changed'] }));
    emit();
    expect(got).toEqual(['device.updated', 'channel.changed', 'device.updated', 'device.updated']);
    expect(demand.filter(([e]) => e === 'channel.changed')).toEqual([['channel.changed', 0], ['channel.changed', 1], ['channel.changed', 0]]);
  });

  it('forgets what the page listened for when the page goes away', () => {
    const { ipc, got, demand, binding, emitBoth } = optInWindow();
    ipc.send(IPC_LISTEN_CHANNEL, {}, JSON.stringify({ listen: ['log.message'] }));
    binding.pageGone();
    emitBoth();
    expect(got).toEqual(['server.statusChanged']);
    expect(demand).toEqual([['log.message', 0], ['log.message', 1], ['log.message', 0]]);
  });

  it('ignores listen frames from an untrusted sender and frames that are not listen frames', () => {
    const { ipc, got, demand, emitBoth } = optInWindow((event) => event === 'trusted');
    ipc.send(IPC_LISTEN_CHANNEL, 'iframe', JSON.stringify({ listen: ['log.message'] }));
    for (const bad of [{ listen: ['log.message'] }, '{"listen": ["device.online"]}', 'not json', '{"listen": "log.message"}', '{"other": []}']) {
      ipc.send(IPC_LISTEN_CHANNEL, 'trusted', bad);
    }
    emitBoth();
    expect(got).toEqual(['server.statusChanged']);
    expect(demand).toEqual([['log.message', 0]]);
  });
});
