// Press-and-hold PTZ like a joystick: a press starts a motion, any release stops it. A repeated press of what is
// already running sends nothing; commands go out one at a time, and a command still waiting is replaced by a newer
// one, so a stop can never overtake the move it ends.
import type { ControlOutcome, PtzAxis } from '../../../shared/contract';

export type HoldAction =
  | { kind: 'move'; pan: PtzAxis; tilt: PtzAxis; zoom: PtzAxis }
  | { kind: 'focus'; dir: 'near' | 'far' }
  | { kind: 'iris'; dir: 'open' | 'close' };

/** What the controller needs from the API (the pad passes one bound to a channel). */
export interface PtzCommands {
  move(a: { pan: PtzAxis; tilt: PtzAxis; zoom: PtzAxis }, speed: number): Promise<ControlOutcome>;
  focus(dir: 'near' | 'far', speed: number): Promise<ControlOutcome>;
  iris(dir: 'open' | 'close', speed: number): Promise<ControlOutcome>;
  stop(): Promise<ControlOutcome>;
}

/** Why a hold ended; every one of them sends the stop. */
export type ReleaseReason = 'pointer-up' | 'pointer-leave' | 'pointer-cancel' | 'touch-end' | 'key-up' | 'focus-lost' | 'window-blur' | 'tab-hidden' | 'ended' | 'stop-button';

export type HoldReport = { what: 'start' | 'stop'; outcome: ControlOutcome } | { what: 'start' | 'stop'; error: unknown };

export function actionKey(a: HoldAction): string {
  return a.kind === 'move' ? `move:${a.pan}:${a.tilt}:${a.zoom}` : `${a.kind}:${a.dir}`;
}

export class PtzHold {
  private active: string | null = null;
  private busy = false;
  private waiting: (() => Promise<unknown>) | null = null;

  constructor(
    private readonly commands: PtzCommands,
    private readonly report: (r: HoldReport) => void = () => {},
  ) {}

  /** The motion running now (its key), or null. */
  get running(): string | null {
    return this.active;
  }

  /** Starts `action` unless it is the one already running; true when a command was sent (or queued). */
  press(action: HoldAction, speed: number): boolean {
    const key = actionKey(action);
    if (key === this.active) return false;
    this.active = key;
    const s = clampSpeed(speed);
    this.enqueue('start', () => {
      const sent =
        action.kind === 'move'
          ? this.commands.move({ pan: action.pan, tilt: action.tilt, zoom: action.zoom }, s)
          : action.kind === 'focus'
            ? this.commands.focus(action.dir, s)
            : this.commands.iris(action.dir, s);
      // A start the server refused leaves nothing running: pressing it again must send it again.
      return sent.catch((err: unknown) => {
        if (this.active === key) this.active = null;
        throw err;
      });
    });
    return true;
  }

  /** Ends the running motion; true when a stop was sent (or queued). Nothing running: nothing sent. */
  release(_why: ReleaseReason): boolean {
    if (this.active === null) return false;
    this.active = null;
    this.enqueue('stop', () => this.commands.stop());
    return true;
  }

  /** The centre button: a stop whatever the console thinks is running (a cruise or scan started elsewhere). */
  stopAll(): void {
    this.active = null;
    this.enqueue('stop', () => this.commands.stop());
  }

  private enqueue(what: 'start' | 'stop', send: () => Promise<ControlOutcome>): void {
    const run = () =>
      send().then(
        (outcome) => this.report({ what, outcome }),
        (error: unknown) => this.report({ what, error }),
      );
    if (this.busy) {
      this.waiting = run;
      return;
    }
    this.busy = true;
    void this.drain(run);
  }

  private async drain(first: () => Promise<unknown>): Promise<void> {
    let next: (() => Promise<unknown>) | null = first;
    while (next) {
      await next();
      next = this.waiting;
      this.waiting = null;
    }
    this.busy = false;
  }
}

export function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(100, Math.max(1, Math.round(speed))) : 50;
}

export const DIRECTIONS = ['upLeft', 'up', 'upRight', 'left', 'right', 'downLeft', 'down', 'downRight'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export function directionAction(d: Direction): HoldAction {
  const pan: PtzAxis = d.endsWith('Left') || d === 'left' ? -1 : d.endsWith('Right') || d === 'right' ? 1 : 0;
  const tilt: PtzAxis = d.startsWith('up') ? 1 : d.startsWith('down') ? -1 : 0;
  return { kind: 'move', pan, tilt, zoom: 0 };
}
