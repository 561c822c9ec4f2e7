// What a simulated PTZ head does with the commands it receives (GB/T 28181-2016 Annex A.3): positions move
// while a move command is active (integrated over time on demand), presets store and recall positions,
// cruise tracks keep their points, speed and dwell, a dragged box (DragZoomIn/Out) centres the head on it and
// zooms by its size, and any stop ends motion, cruise and scan.
import { decodePtzCmd, type PtzCommand } from '../../main/gb28181/ptz';

export interface PtzPosition {
  /** Degrees, 0 <= pan < 360. */
  pan: number;
  /** Degrees, -90 (down) .. 30 (up). */
  tilt: number;
  /** Optical zoom factor, 1 .. 30. */
  zoom: number;
}

export interface PtzMotion {
  pan?: 'left' | 'right';
  tilt?: 'up' | 'down';
  zoom?: 'in' | 'out';
  panSpeed: number;
  tiltSpeed: number;
  zoomSpeed: number;
}

export interface Preset extends PtzPosition {
  id: number;
  name: string;
}

export interface Cruise {
  group: number;
  points: number[];
  speed?: number;
  dwellSeconds?: number;
  running: boolean;
}

export interface PtzSnapshot extends PtzPosition {
  motion: PtzMotion | null;
  focus: 'near' | 'far' | null;
  iris: 'open' | 'close' | null;
  presets: Preset[];
  /** The preset called last (until the head moves again). */
  atPreset: number | null;
  /** The last DragZoomIn/Out the head acted on. */
  lastDragZoom: { direction: 'in' | 'out'; box: DragBox } | null;
  cruises: Cruise[];
  scan: { group: number; running: boolean; left?: number; right?: number; speed?: number } | null;
  aux: Record<number, boolean>;
  lastCommand: PtzCommand | null;
  commandCount: number;
  /** Why the last PTZCmd was refused, if it was. */
  lastError: string | null;
}

/** DragZoomIn/Out geometry in pixels of the platform's displayed video (GB/T 28181-2016 A.2.3.1.10). */
export interface DragBox {
  length: number;
  width: number;
  midPointX: number;
  midPointY: number;
  lengthX: number;
  lengthY: number;
}

const PAN_DEG_PER_S = 120;
/** Horizontal and vertical field of view at zoom 1x; both narrow in proportion to the zoom. */
const HFOV_DEG = 60;
const VFOV_DEG = 34;
const TILT_DEG_PER_S = 60;
const ZOOM_X_PER_S = 6;

export class PtzState {
  private pos: PtzPosition = { pan: 0, tilt: 0, zoom: 1 };
  private motion: PtzMotion | null = null;
  private motionSince = 0;
  private focus: 'near' | 'far' | null = null;
  private iris: 'open' | 'close' | null = null;
  private readonly presets = new Map<number, Preset>();
  private atPreset: number | null = null;
  private lastDragZoom: PtzSnapshot['lastDragZoom'] = null;
  private readonly cruises = new Map<number, Cruise>();
  private scan: PtzSnapshot['scan'] = null;
  private readonly aux: Record<number, boolean> = {};
  private lastCommand: PtzCommand | null = null;
  private commandCount = 0;
  private lastError: string | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies a PTZCmd (16 hex digits); a bad one is recorded and leaves the head as it was. */
  apply(hex: string): { ok: true; command: PtzCommand } | { ok: false; reason: string } {
    const decoded = decodePtzCmd(hex);
    if (!decoded.ok) {
      this.lastError = decoded.reason;
      return decoded;
    }
    this.execute(decoded.command);
    return { ok: true, command: decoded.command };
  }

  /** 2022 PTZPreciseCtrl: absolute position. */
  moveTo(p: Partial<PtzPosition>): void {
    this.settle();
    this.motion = null;
    this.pos = clamp({ ...this.pos, ...p });
    this.atPreset = null;
  }

  /**
   * DragZoomIn centres the box and zooms until it fills the picture; DragZoomOut centres it and zooms out by the
   * same ratio. A box with no area, or outside the picture, is refused and leaves the head as it was.
   */
  dragZoom(direction: 'in' | 'out', box: DragBox): { ok: true } | { ok: false; reason: string } {
    const bad = dragBoxProblem(box);
    if (bad) {
      this.lastError = bad;
      return { ok: false, reason: bad };
    }
    this.settle();
    this.motion = null;
    const ratio = Math.min(box.length / box.lengthX, box.width / box.lengthY);
    const zoom = this.pos.zoom;
    const pan = this.pos.pan + (box.midPointX / box.length - 0.5) * (HFOV_DEG / zoom);
    const tilt = this.pos.tilt - (box.midPointY / box.width - 0.5) * (VFOV_DEG / zoom);
    this.pos = clamp({ pan, tilt, zoom: direction === 'in' ? zoom * ratio : zoom / ratio });
    this.atPreset = null;
    this.lastDragZoom = { direction, box: { ...box } };
    this.lastError = null;
    return { ok: true };
  }

  snapshot(): PtzSnapshot {
    const pos = this.position();
    return {
      ...pos,
      motion: this.motion ? { ...this.motion } : null,
      focus: this.focus,
      iris: this.iris,
      presets: [...this.presets.values()].sort((a, b) => a.id - b.id).map((p) => ({ ...p })),
      atPreset: this.atPreset,
      lastDragZoom: this.lastDragZoom ? { direction: this.lastDragZoom.direction, box: { ...this.lastDragZoom.box } } : null,
      cruises: [...this.cruises.values()].map((c) => ({ ...c, points: [...c.points] })),
      scan: this.scan ? { ...this.scan } : null,
      aux: { ...this.aux },
      lastCommand: this.lastCommand,
      commandCount: this.commandCount,
      lastError: this.lastError,
    };
  }

  /** A name given with the preset (GB/T 28181-2022 PTZCmdParams PresetName). */
  rename(id: number, name: string): void {
    const p = this.presets.get(id);
    if (p) p.name = name;
  }

  presetList(): Preset[] {
    return [...this.presets.values()].sort((a, b) => a.id - b.id);
  }

  /** The position now, including motion since the last command. */
  position(): PtzPosition {
    if (!this.motion) return { ...this.pos };
    return integrate(this.pos, this.motion, (this.now() - this.motionSince) / 1000);
  }

  private settle(): void {
    this.pos = this.position();
    this.motionSince = this.now();
  }

  private execute(cmd: PtzCommand): void {
    this.lastCommand = cmd;
    this.commandCount++;
    this.lastError = null;
    switch (cmd.kind) {
      case 'stop':
        this.settle();
        this.motion = null;
        this.focus = null;
        this.iris = null;
        for (const c of this.cruises.values()) c.running = false;
        if (this.scan) this.scan.running = false;
        return;
      case 'move':
        this.settle();
        this.motion = { pan: cmd.pan, tilt: cmd.tilt, zoom: cmd.zoom, panSpeed: cmd.panSpeed, tiltSpeed: cmd.tiltSpeed, zoomSpeed: cmd.zoomSpeed };
        if (!cmd.pan && !cmd.tilt && !cmd.zoom) this.motion = null;
        this.atPreset = null;
        return;
      case 'focus-iris':
        this.focus = cmd.focus ?? null;
        this.iris = cmd.iris ?? null;
        return;
      case 'preset':
        this.preset(cmd.action, cmd.preset);
        return;
      case 'cruise-add': {
        const c = this.cruise(cmd.group);
        c.points.push(cmd.preset);
        return;
      }
      case 'cruise-delete': {
        if (cmd.preset === 0) this.cruises.delete(cmd.group);
        else {
          const c = this.cruise(cmd.group);
          c.points = c.points.filter((p) => p !== cmd.preset);
        }
        return;
      }
      case 'cruise-speed':
        this.cruise(cmd.group).speed = cmd.speed;
        return;
      case 'cruise-dwell':
        this.cruise(cmd.group).dwellSeconds = cmd.seconds;
        return;
      case 'cruise-start':
        this.cruise(cmd.group).running = true;
        return;
      case 'scan': {
        const s = this.scan && this.scan.group === cmd.group ? this.scan : { group: cmd.group, running: false };
        const pan = this.position().pan;
        if (cmd.action === 'start') s.running = true;
        if (cmd.action === 'set-left') s.left = pan;
        if (cmd.action === 'set-right') s.right = pan;
        this.scan = s;
        return;
      }
      case 'scan-speed': {
        const s = this.scan && this.scan.group === cmd.group ? this.scan : { group: cmd.group, running: false };
        s.speed = cmd.speed;
        this.scan = s;
        return;
      }
      case 'aux':
        this.aux[cmd.aux] = cmd.on;
        return;
      case 'unknown':
        return;
    }
  }

  private preset(action: 'set' | 'call' | 'delete', id: number): void {
    if (action === 'set') {
      this.presets.set(id, { id, name: `预置位${id}`, ...this.position() });
      return;
    }
    if (action === 'delete') {
      this.presets.delete(id);
      if (this.atPreset === id) this.atPreset = null;
      return;
    }
    const p = this.presets.get(id);
    this.settle();
    this.motion = null;
    if (p) this.pos = { pan: p.pan, tilt: p.tilt, zoom: p.zoom };
    this.atPreset = p ? id : null;
  }

  private cruise(group: number): Cruise {
    let c = this.cruises.get(group);
    if (!c) {
      c = { group, points: [], running: false };
      this.cruises.set(group, c);
    }
    return c;
  }
}

function dragBoxProblem(b: DragBox): string | null {
  const values = Object.values(b);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return 'DragZoom: a box value is missing or not a number';
  if (b.length <= 0 || b.width <= 0 || b.lengthX <= 0 || b.lengthY <= 0) return 'DragZoom: the picture or the box has no area';
  if (b.midPointX > b.length || b.midPointY > b.width) return 'DragZoom: the box centre lies outside the picture';
  return null;
}

function integrate(p: PtzPosition, m: PtzMotion, seconds: number): PtzPosition {
  const out = { ...p };
  if (m.pan) out.pan += (m.pan === 'right' ? 1 : -1) * (m.panSpeed / 255) * PAN_DEG_PER_S * seconds;
  if (m.tilt) out.tilt += (m.tilt === 'up' ? 1 : -1) * (m.tiltSpeed / 255) * TILT_DEG_PER_S * seconds;
  if (m.zoom) out.zoom += (m.zoom === 'in' ? 1 : -1) * (Math.max(1, m.zoomSpeed) / 15) * ZOOM_X_PER_S * seconds;
  return clamp(out);
}

function clamp(p: PtzPosition): PtzPosition {
  const pan = ((p.pan % 360) + 360) % 360;
  return { pan: round(pan), tilt: round(Math.max(-90, Math.min(30, p.tilt))), zoom: round(Math.max(1, Math.min(30, p.zoom))) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
