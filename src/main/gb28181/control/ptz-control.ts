// PTZ for one channel at a time (GB/T 28181-2016 A.3 PTZCmd in DeviceControl): moves run until a stop, and this
// keeps which channels are moving and who started them, so a stop goes out when that API client disconnects or
// the channel's live session ends. The same move again is not resent (a held key repeats).
import type { ControlOutcome, CruiseAction, DragZoomBox, PresetEntry, PresetList, PtzAxis, PtzPositionView, ScanAction } from '../../../shared/types/control';
import { DomainError } from '../../../shared/errors';
import { float, listItems, optStr, str } from '../manscdp/fields';
import { buildQuery } from '../manscdp/messages/common';
import { isGb2022, type DeviceControlInput } from '../manscdp/messages/device-control';
import { focusIrisCommand, moveCommand, type PtzCommand } from '../ptz';
import { QueryTimeoutError } from '../query/pending';
import type { ControlSender } from './control-sender';
import { note } from './control-sender';
import type { ControlDevices } from './device-access';
import type { ResponseCollector } from './response-collector';
import * as says from './texts';

/** Names the console keeps for presets (the device may not store them). */
export interface PresetNames {
  names(deviceId: string, channelId: string): Map<number, string>;
  setName(deviceId: string, channelId: string, index: number, name: string | null): void;
}

interface Motion {
  what: 'move' | 'lens';
  /** pan,tilt,zoom,speed or focus/iris and speed. */
  signature: string;
  owner: string | undefined;
}

/** Moving channels are few; the bound only stops a runaway script from growing the table. */
const MAX_MOTIONS = 4096;

export class PtzControl {
  private readonly motions = new Map<string, Motion>();

  constructor(
    private readonly devices: ControlDevices,
    private readonly sender: ControlSender,
    private readonly collector: ResponseCollector,
    private readonly presetNames: PresetNames,
    private readonly timing = { presetIdleMs: 5_000, presetTotalMs: 30_000, positionMs: 5_000 },
  ) {}

  private key(deviceId: string, channelId: string): string {
    return `${deviceId}/${channelId}`;
  }

  /** Whether a move or lens motion runs on the channel (as far as this console started it). */
  isMoving(deviceId: string, channelId: string): boolean {
    return this.motions.has(this.key(deviceId, channelId));
  }

  async move(deviceId: string, channelId: string, pan: PtzAxis, tilt: PtzAxis, zoom: PtzAxis, speed: number, owner?: string): Promise<ControlOutcome> {
    if (pan === 0 && tilt === 0 && zoom === 0) return this.stop(deviceId, channelId);
    return this.start(deviceId, channelId, { what: 'move', signature: `${pan},${tilt},${zoom},${speed}`, owner }, moveCommand(pan, tilt, zoom, speed));
  }

  /** Focus near/far or iris open/close until stopped ('stop' sends the lens stop, 0x40). */
  async lens(deviceId: string, channelId: string, o: { focus?: 'near' | 'far'; iris?: 'open' | 'close'; speed: number }, owner?: string): Promise<ControlOutcome> {
    if (!o.focus && !o.iris) {
      const key = this.key(deviceId, channelId);
      if (this.motions.get(key)?.what === 'lens') this.motions.delete(key);
      return this.sendPtz(deviceId, channelId, focusIrisCommand({ speed: o.speed }));
    }
    return this.start(deviceId, channelId, { what: 'lens', signature: `${o.focus},${o.iris},${o.speed}`, owner }, focusIrisCommand(o));
  }

  private async start(deviceId: string, channelId: string, m: Motion, cmd: PtzCommand): Promise<ControlOutcome> {
    const key = this.key(deviceId, channelId);
    const running = this.motions.get(key);
    if (running && running.what === m.what && running.signature === m.signature) {
      if (m.owner !== undefined) running.owner = m.owner;
      return { sent: false, answered: false, note: note('already_moving', 'the same move is running already; nothing was sent again') };
    }
    if (!running && this.motions.size >= MAX_MOTIONS) throw DomainError.saying('conflict', says.tooManyMoving(MAX_MOTIONS));
    const out = await this.sendPtz(deviceId, channelId, cmd);
    if (out.sent) this.motions.set(key, m);
    return out;
  }

  /** PTZ stop (all zero): ends moves, lens motion, cruise and scan. Sent even when nothing is known to run. */
  async stop(deviceId: string, channelId: string): Promise<ControlOutcome> {
    const was = this.motions.delete(this.key(deviceId, channelId));
    const out = await this.sendPtz(deviceId, channelId, { kind: 'stop' });
    if (!was && out.sent) out.note = note('stopped', 'stop sent (no move started here was running)');
    return out;
  }

  /** Stops every motion an API client started; for when it disconnects. */
  clientGone(owner: string): Promise<unknown> {
    const mine = [...this.motions.entries()].filter(([, m]) => m.owner === owner).map(([k]) => k);
    return Promise.allSettled(mine.map((k) => this.stopKey(k)));
  }

  /** A live session of the channel ended: whatever it was moving stops. */
  sessionEnded(deviceId: string, channelId: string): Promise<unknown> {
    const key = this.key(deviceId, channelId);
    return this.motions.has(key) ? this.stopKey(key).catch(() => undefined) : Promise.resolve();
  }

  /** The device went offline: it can neither move for us nor be stopped. */
  deviceGone(deviceId: string): void {
    for (const k of [...this.motions.keys()]) if (k.startsWith(`${deviceId}/`)) this.motions.delete(k);
  }

  private stopKey(key: string): Promise<ControlOutcome> {
    const [deviceId, channelId] = key.split('/');
    return this.stop(deviceId, channelId);
  }

  // ---- presets, cruise, scan, aux ---------------------------------------------------------------------

  async preset(deviceId: string, channelId: string, action: 'set' | 'call' | 'delete', index: number, name?: string): Promise<ControlOutcome> {
    const presetName = action === 'set' && name !== undefined && isGb2022(this.devices.gbVersion(deviceId)) ? name : undefined;
    const out = await this.sender.control(deviceId, channelId, { type: 'ptz', ptz: { kind: 'preset', action, preset: index }, presetName });
    if (action === 'call' && out.sent) this.motions.delete(this.key(deviceId, channelId));
    if (out.sent && action === 'set' && name !== undefined) {
      this.presetNames.setName(deviceId, channelId, index, name);
      if (presetName === undefined) out.note = note('name_kept_locally', `preset ${index} set; its name is kept by the console (the device's GB version has no preset names)`, { index });
    }
    if (out.sent && action === 'delete') this.presetNames.setName(deviceId, channelId, index, null);
    return out;
  }

  renamePreset(deviceId: string, channelId: string, index: number, name: string): PresetEntry {
    this.presetNames.setName(deviceId, channelId, index, name === '' ? null : name);
    return { index, name };
  }

  /** PresetQuery, all parts; names the console keeps win over the device's, the device's fill the rest. */
  async presets(deviceId: string, channelId: string): Promise<PresetList> {
    if (!this.devices.isOnline(deviceId)) throw DomainError.saying('conflict', says.offlineForPresets(deviceId));
    const sn = this.devices.nextSn();
    const distinct = (parts: { fields: unknown }[]) => new Set(parts.flatMap((p) => listItems(p.fields as never, 'PresetList').map((it) => str(it, 'PresetID')))).size;
    const sumOf = (parts: { fields: unknown }[]) => Math.max(-1, ...parts.map((p) => Number(optStr(p.fields as never, 'SumNum') ?? -1)));
    const wait = this.collector.expect(deviceId, 'PresetQuery', sn, {
      done: (parts) => sumOf(parts) >= 0 && distinct(parts) >= sumOf(parts),
      idleMs: this.timing.presetIdleMs,
      totalMs: this.timing.presetTotalMs,
    });
    try {
      const res = await this.devices.sendManscdp(deviceId, buildQuery('PresetQuery', sn, channelId));
      if (res.status >= 300) throw DomainError.saying('conflict', says.answered(deviceId, res.status, res.reason, 'PresetQuery'));
    } catch (err) {
      wait.cancel();
      throw err;
    }
    const got = await wait.result;
    const fromDevice = new Map<number, string>();
    for (const p of got.parts) {
      for (const it of listItems(p.fields, 'PresetList')) {
        const index = Number(str(it, 'PresetID'));
        if (Number.isInteger(index) && index >= 1 && index <= 255) fromDevice.set(index, optStr(it, 'PresetName') ?? '');
      }
    }
    const kept = this.presetNames.names(deviceId, channelId);
    const answered = got.parts.length > 0;
    const indexes = answered ? [...fromDevice.keys()] : [...kept.keys()];
    const presets = [...new Set(indexes)].sort((a, b) => a - b).map((index) => ({ index, name: kept.get(index) || fromDevice.get(index) || '' }));
    return { presets, answered, complete: got.complete };
  }

  async cruise(deviceId: string, channelId: string, group: number, action: CruiseAction, preset?: number, value?: number): Promise<ControlOutcome> {
    const cmd: PtzCommand | undefined =
      action === 'add'
        ? { kind: 'cruise-add', group, preset: preset! }
        : action === 'remove'
          ? { kind: 'cruise-delete', group, preset: preset! }
          : action === 'clear'
            ? { kind: 'cruise-delete', group, preset: 0 }
            : action === 'speed'
              ? { kind: 'cruise-speed', group, speed: value! }
              : action === 'dwell'
                ? { kind: 'cruise-dwell', group, seconds: value! }
                : action === 'start'
                  ? { kind: 'cruise-start', group }
                  : undefined;
    // A cruise is stopped by the PTZ stop (GB/T 28181-2016 A.3.5).
    if (!cmd) return this.stop(deviceId, channelId);
    return this.sendPtz(deviceId, channelId, cmd);
  }

  async scan(deviceId: string, channelId: string, group: number, action: ScanAction, value?: number): Promise<ControlOutcome> {
    if (action === 'stop') return this.stop(deviceId, channelId);
    const cmd: PtzCommand =
      action === 'speed'
        ? { kind: 'scan-speed', group, speed: value! }
        : { kind: 'scan', group, action: action === 'start' ? 'start' : action === 'setLeft' ? 'set-left' : 'set-right' };
    return this.sendPtz(deviceId, channelId, cmd);
  }

  aux(deviceId: string, channelId: string, aux: number, on: boolean): Promise<ControlOutcome> {
    return this.sendPtz(deviceId, channelId, { kind: 'aux', aux, on });
  }

  dragZoom(deviceId: string, channelId: string, direction: 'in' | 'out', box: DragZoomBox): Promise<ControlOutcome> {
    return this.sender.control(deviceId, channelId, { type: 'drag-zoom', direction, ...box });
  }

  homePosition(deviceId: string, channelId: string, enabled: boolean, resetTime?: number, presetIndex?: number): Promise<ControlOutcome> {
    return this.sender.control(deviceId, channelId, { type: 'home-position', enabled, resetTime, presetIndex });
  }

  precise(deviceId: string, channelId: string, p: { pan?: number; tilt?: number; zoom?: number }): Promise<ControlOutcome> {
    return this.sender.control(deviceId, channelId, { type: 'ptz-precise', ...p });
  }

  /** GB/T 28181-2022 PTZPosition query; a device that does not know it stays silent. */
  async position(deviceId: string, channelId: string): Promise<PtzPositionView> {
    try {
      const body = await this.devices.query(deviceId, (sn) => buildQuery('PTZPosition', sn, channelId), this.timing.positionMs);
      const out: PtzPositionView = { answered: true };
      for (const [k, n] of [['pan', 'Pan'], ['tilt', 'Tilt'], ['zoom', 'Zoom']] as const) {
        const v = float(body.fields, n);
        if (v !== undefined) out[k] = v;
      }
      return out;
    } catch (err) {
      if (err instanceof QueryTimeoutError) return { answered: false };
      throw err;
    }
  }

  private sendPtz(deviceId: string, channelId: string, ptz: PtzCommand): Promise<ControlOutcome> {
    const input: DeviceControlInput = { type: 'ptz', ptz };
    return this.sender.control(deviceId, channelId, input);
  }
}
