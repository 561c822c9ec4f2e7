// Every way a hold ends, as plain handlers: the pad's buttons, the keyboard while the tile or pad has focus, and
// the window (blur, tab hidden). Each ends the hold with a stop.
import { directionAction, type HoldAction, type PtzHold } from './hold';

/** Pointer and touch handlers for one hold-to-move button. */
export function holdButtonHandlers(hold: PtzHold, action: HoldAction, speed: () => number) {
  return {
    onPointerDown(e: { button: number; preventDefault(): void }) {
      if (e.button !== 0) return;
      e.preventDefault();
      hold.press(action, speed());
    },
    onPointerUp: () => void hold.release('pointer-up'),
    onPointerLeave: () => void hold.release('pointer-leave'),
    onPointerCancel: () => void hold.release('pointer-cancel'),
    onTouchEnd: () => void hold.release('touch-end'),
    onTouchCancel: () => void hold.release('touch-end'),
    // A long touch would open the context menu instead of holding.
    onContextMenu: (e: { preventDefault(): void }) => e.preventDefault(),
    // Keyboard users press Enter/Space on a focused button: a hold while the key is down.
    onKeyDown(e: { key: string; repeat?: boolean; preventDefault(): void; stopPropagation(): void }) {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      e.stopPropagation();
      hold.press(action, speed());
    },
    onKeyUp(e: { key: string; stopPropagation(): void }) {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.stopPropagation();
      hold.release('key-up');
    },
    onBlur: () => void hold.release('focus-lost'),
  };
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
const ZOOM_KEYS: Record<string, 1 | -1> = { '+': 1, '=': 1, Add: 1, '-': -1, _: -1, Subtract: -1 };

/** The motion the held keys ask for: arrows combine into diagonals, +/- zoom; null when none is held. */
export function actionForKeys(held: ReadonlySet<string>): HoldAction | null {
  let pan = 0;
  let tilt = 0;
  let zoom = 0;
  for (const k of held) {
    const a = ARROWS[k];
    if (a) {
      pan += a[0];
      tilt += a[1];
    } else if (ZOOM_KEYS[k]) zoom += ZOOM_KEYS[k];
  }
  pan = Math.sign(pan);
  tilt = Math.sign(tilt);
  zoom = Math.sign(zoom);
  if (!pan && !tilt && !zoom) return null;
  return { kind: 'move', pan: pan as -1 | 0 | 1, tilt: tilt as -1 | 0 | 1, zoom: zoom as -1 | 0 | 1 };
}

export function isPtzKey(key: string): boolean {
  return key in ARROWS || key in ZOOM_KEYS;
}

interface KeyEventLike {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  preventDefault(): void;
}

/** Arrow and +/- handlers for the element that has focus (the tile's video, the pad); keep one per element. */
export function keyboardHandlers(hold: PtzHold, speed: () => number) {
  const held = new Set<string>();
  const apply = () => {
    const action = actionForKeys(held);
    if (action) hold.press(action, speed());
    else hold.release('key-up');
  };
  return {
    onKeyDown(e: KeyEventLike) {
      if (!isPtzKey(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      held.add(e.key);
      apply();
    },
    onKeyUp(e: KeyEventLike) {
      if (!held.delete(e.key)) return;
      e.preventDefault();
      apply();
    },
    /** Focus went elsewhere: the keys' keyup will not reach us. */
    onBlur() {
      held.clear();
      hold.release('focus-lost');
    },
    reset() {
      held.clear();
    },
  };
}

interface WindowLike {
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}
interface DocumentLike extends WindowLike {
  readonly visibilityState: string;
}

/** Window blur and a hidden tab end the hold; returns the unbinding, which ends it too (the tile or session ended). */
export function bindWindowRelease(hold: PtzHold, win: WindowLike, doc: DocumentLike, onReleased: () => void = () => {}): () => void {
  const blur = () => {
    onReleased();
    hold.release('window-blur');
  };
  const visibility = () => {
    if (doc.visibilityState !== 'hidden') return;
    onReleased();
    hold.release('tab-hidden');
  };
  win.addEventListener('blur', blur);
  doc.addEventListener('visibilitychange', visibility);
  return () => {
    win.removeEventListener('blur', blur);
    doc.removeEventListener('visibilitychange', visibility);
    hold.release('ended');
  };
}

export { directionAction };
