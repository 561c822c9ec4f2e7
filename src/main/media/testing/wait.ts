import type { EventEmitter } from 'node:events';

/** Resolves when `check()` is true, re-checking whenever `emitter` emits `event`; rejects at the deadline. */
export function waitUntil(
  emitter: Pick<EventEmitter, 'on' | 'off'>,
  event: string,
  check: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const onEvent = () => {
      if (!check()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
    };
    emitter.on(event, onEvent);
  });
}

/** Resolves with the first emission of `event`; rejects at the deadline. */
export function nextEvent<T = unknown>(emitter: Pick<EventEmitter, 'once' | 'off'>, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (v: T) => {
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    emitter.once(event, on);
  });
}
