import { describe, expect, it } from 'vitest';
import type { ControlOutcome, PtzAxis } from '../../../shared/contract';
import { actionForKeys, bindWindowRelease, holdButtonHandlers, keyboardHandlers } from './bindings';
import { directionAction, PtzHold, type PtzCommands } from './hold';

const OK: ControlOutcome = { sent: true, answered: false };

/** Records what the pad sends; each command settles when the test says so (or at once). */
function recorder(opts: { manual?: boolean } = {}) {
  const sent: string[] = [];
  const settle: Array<() => void> = [];
  const fail: Array<(e: unknown) => void> = [];
  const send = (what: string) => {
    sent.push(what);
    if (!opts.manual) return Promise.resolve(OK);
    return new Promise<ControlOutcome>((resolve, reject) => {
      settle.push(() => resolve(OK));
      fail.push(reject);
    });
  };
  const commands: PtzCommands = {
    move: (a: { pan: PtzAxis; tilt: PtzAxis; zoom: PtzAxis }, speed) => send(`move ${a.pan},${a.tilt},${a.zoom} @${speed}`),
    focus: (d, speed) => send(`focus ${d} @${speed}`),
    iris: (d, speed) => send(`iris ${d} @${speed}`),
    stop: () => send('stop'),
  };
  return { sent, commands, settleNext: () => settle.shift()?.(), failNext: (e: unknown) => fail.shift()?.(e) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const ev = () => ({ button: 0, preventDefault() {}, stopPropagation() {} });

describe('PtzHold', () => {
  it('press moves, release stops; a repeated press of the same direction is not resent', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    expect(hold.press(directionAction('right'), 60)).toBe(true);
    expect(hold.press(directionAction('right'), 60)).toBe(false);
    await flush();
    expect(hold.release('pointer-up')).toBe(true);
    await flush();
    expect(r.sent).toEqual(['move 1,0,0 @60', 'stop']);
  });

  it('a release with nothing running sends nothing; the centre stop always sends', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    expect(hold.release('pointer-leave')).toBe(false);
    hold.stopAll();
    await flush();
    expect(r.sent).toEqual(['stop']);
  });

  it('a stop never overtakes its move: commands go one at a time, a waiting one replaced by a newer', async () => {
    const r = recorder({ manual: true });
    const hold = new PtzHold(r.commands);
    hold.press(directionAction('up'), 50);
    hold.release('pointer-up');
    expect(r.sent).toEqual(['move 0,1,0 @50']);
    r.settleNext();
    await flush();
    expect(r.sent).toEqual(['move 0,1,0 @50', 'stop']);
    // move in flight, then left and right pressed and released: only the last word (stop) follows
    r.settleNext();
    await flush();
    hold.press(directionAction('left'), 50);
    hold.press(directionAction('right'), 50);
    hold.release('pointer-up');
    r.settleNext();
    await flush();
    r.settleNext();
    await flush();
    expect(r.sent).toEqual(['move 0,1,0 @50', 'stop', 'move -1,0,0 @50', 'stop']);
  });

  it('a refused start can be pressed again', async () => {
    const r = recorder({ manual: true });
    const reports: string[] = [];
    const hold = new PtzHold(r.commands, (rep) => reports.push('error' in rep ? `${rep.what} failed` : rep.what));
    hold.press(directionAction('down'), 50);
    r.failNext(new Error('offline'));
    await flush();
    expect(hold.running).toBeNull();
    expect(hold.press(directionAction('down'), 50)).toBe(true);
    expect(reports).toEqual(['start failed']);
  });

  it('speed is kept within 1..100', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    hold.press({ kind: 'focus', dir: 'far' }, 0);
    await flush();
    hold.press({ kind: 'iris', dir: 'open' }, 250);
    await flush();
    expect(r.sent).toEqual(['focus far @1', 'iris open @100']);
  });
});

describe('stop on every path', () => {
  const paths = ['onPointerUp', 'onPointerLeave', 'onPointerCancel', 'onTouchEnd', 'onTouchCancel', 'onBlur'] as const;
  for (const path of paths) {
    it(`a held button stops on ${path}`, async () => {
      const r = recorder();
      const hold = new PtzHold(r.commands);
      const h = holdButtonHandlers(hold, directionAction('upRight'), () => 40);
      h.onPointerDown(ev());
      h.onPointerDown(ev());
      await flush();
      h[path]();
      await flush();
      expect(r.sent).toEqual(['move 1,1,0 @40', 'stop']);
    });
  }

  it('a held button stops when Enter/Space is released, and a right click does nothing', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    const h = holdButtonHandlers(hold, { kind: 'move', pan: 0, tilt: 0, zoom: 1 }, () => 50);
    h.onPointerDown({ ...ev(), button: 2 });
    h.onKeyDown({ ...ev(), key: ' ' });
    h.onKeyDown({ ...ev(), key: ' ', repeat: true });
    await flush();
    h.onKeyUp({ ...ev(), key: ' ' });
    await flush();
    expect(r.sent).toEqual(['move 0,0,1 @50', 'stop']);
  });

  it('window blur stops a hold', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    bindWindowRelease(hold, win, doc);
    hold.press(directionAction('left'), 50);
    await flush();
    win.dispatchEvent(new Event('blur'));
    await flush();
    expect(r.sent).toEqual(['move -1,0,0 @50', 'stop']);
  });

  it('the tab going hidden stops a hold; becoming visible does not', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    bindWindowRelease(hold, win, doc);
    hold.press(directionAction('down'), 50);
    doc.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(r.sent).toEqual(['move 0,-1,0 @50']);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(r.sent).toEqual(['move 0,-1,0 @50', 'stop']);
  });

  it('the tile or session ending (unbinding) stops a hold and unhooks the window', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const unbind = bindWindowRelease(hold, win, doc);
    hold.press(directionAction('downLeft'), 50);
    unbind();
    await flush();
    win.dispatchEvent(new Event('blur'));
    await flush();
    expect(r.sent).toEqual(['move -1,-1,0 @50', 'stop']);
  });

  it('arrow keys hold while down (repeats not resent), combine into diagonals, and stop on keyup or focus loss', async () => {
    const r = recorder();
    const hold = new PtzHold(r.commands);
    const k = keyboardHandlers(hold, () => 70);
    const key = (key: string) => ({ key, preventDefault() {} });
    k.onKeyDown(key('ArrowRight'));
    k.onKeyDown(key('ArrowRight'));
    k.onKeyDown(key('ArrowRight'));
    await flush();
    k.onKeyDown(key('ArrowUp'));
    await flush();
    k.onKeyUp(key('ArrowUp'));
    await flush();
    k.onKeyUp(key('ArrowRight'));
    await flush();
    k.onKeyDown(key('+'));
    await flush();
    k.onBlur();
    await flush();
    expect(r.sent).toEqual(['move 1,0,0 @70', 'move 1,1,0 @70', 'move 1,0,0 @70', 'stop', 'move 0,0,1 @70', 'stop']);
  });

  it('keys other than arrows and +/- are left alone', () => {
    expect(actionForKeys(new Set(['a', 'Enter']))).toBeNull();
    expect(actionForKeys(new Set(['ArrowLeft', 'ArrowRight']))).toBeNull();
    expect(actionForKeys(new Set(['-']))).toEqual({ kind: 'move', pan: 0, tilt: 0, zoom: -1 });
  });
});
