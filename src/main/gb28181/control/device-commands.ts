// device.control: TeleBoot (then watched until the device registers again), RecordCmd, GuardCmd, AlarmCmd,
// IFrame (IFameCmd for 2016 devices, IFrameCmd for 2022), HomePosition and FormatSDCard (GB/T 28181-2022).
import type { ControlOutcome, DeviceControlCommand, DeviceRebooted } from '../../../shared/types/control';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { doc } from '../manscdp/messages/common';
import type { DeviceControlInput } from '../manscdp/messages/device-control';
import { note, type ControlSender } from './control-sender';
import type { ControlDevices } from './device-access';
import * as says from '../devices/event-texts';

/** How long a rebooted device is watched for its new registration. */
export const REBOOT_WATCH_MS = 10 * 60_000;

export class DeviceCommands {
  private readonly watching = new Map<string, { since: number; timer: TimerHandle }>();
  private readonly unhook: () => void;

  constructor(
    private readonly devices: ControlDevices,
    private readonly sender: ControlSender,
    private readonly clock: Clock,
    private readonly rebooted: (r: DeviceRebooted) => void,
    private readonly watchMs = REBOOT_WATCH_MS,
  ) {
    this.unhook = devices.onRegistered((id) => this.registeredAgain(id));
  }

  run(deviceId: string, channelId: string | undefined, command: DeviceControlCommand, o: { presetIndex?: number; resetTime?: number } = {}): Promise<ControlOutcome> {
    const target = channelId ?? deviceId;
    switch (command) {
      case 'reboot':
        return this.reboot(deviceId);
      case 'record':
      case 'stopRecord':
        return this.send(deviceId, target, { type: 'record', start: command === 'record' });
      case 'guard':
      case 'unguard':
        return this.send(deviceId, target, { type: 'guard', set: command === 'guard' });
      case 'resetAlarm':
        return this.send(deviceId, target, { type: 'alarm-reset' });
      case 'iframe':
        return this.send(deviceId, target, { type: 'iframe' });
      case 'home':
        return this.send(deviceId, target, { type: 'home-position', enabled: true, presetIndex: o.presetIndex ?? 1, resetTime: o.resetTime ?? 60 });
      case 'formatSdCard':
        // GB/T 28181-2022 A.2.3.1.11: the storage card's number, 1 for the first.
        return this.sender.answered(deviceId, (sn) => doc('Control', 'DeviceControl', sn, target, { FormatSDCard: 1 }), 'FormatSDCard');
    }
  }

  /** Asks for a keyframe now (live view right after the INVITE is answered). */
  iframe(deviceId: string, channelId: string): Promise<ControlOutcome> {
    return this.send(deviceId, channelId, { type: 'iframe' });
  }

  private send(deviceId: string, target: string, input: DeviceControlInput): Promise<ControlOutcome> {
    return this.sender.control(deviceId, target, input);
  }

  private async reboot(deviceId: string): Promise<ControlOutcome> {
    const since = this.clock.now();
    const out = await this.send(deviceId, deviceId, { type: 'teleboot' });
    if (!out.sent) return out;
    this.stopWatching(deviceId);
    const timer = this.clock.setTimeout(() => {
      this.watching.delete(deviceId);
      const mins = Math.round(this.watchMs / 60_000);
      this.devices.note(deviceId, 'error', says.rebootNoReturn(mins));
      this.rebooted({ deviceId, tookMs: null });
    }, this.watchMs);
    this.watching.set(deviceId, { since, timer });
    this.devices.note(deviceId, 'info', says.rebootSent());
    out.note = note('reboot_watch', 'reboot sent; the device is watched until it registers again (event device.rebooted)');
    return out;
  }

  private registeredAgain(deviceId: string): void {
    const w = this.watching.get(deviceId);
    if (!w) return;
    this.stopWatching(deviceId);
    const tookMs = this.clock.now() - w.since;
    this.devices.note(deviceId, 'info', says.rebootBack(tookMs));
    this.rebooted({ deviceId, tookMs });
  }

  private stopWatching(deviceId: string): void {
    const w = this.watching.get(deviceId);
    if (w) this.clock.clearTimeout(w.timer);
    this.watching.delete(deviceId);
  }

  close(): void {
    this.unhook();
    for (const id of [...this.watching.keys()]) this.stopWatching(id);
  }
}
