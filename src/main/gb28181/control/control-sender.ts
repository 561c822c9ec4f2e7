// Sends DeviceControl / DeviceConfig and reports only what is known (GB/T 28181-2016 §9.3): the MESSAGE's 200
// means the device got it, nothing more. Record/Guard/Alarm/HomePosition/config are answered by a Response with
// Result OK|ERROR matched by SN; PTZ, TeleBoot, IFrame and DragZoom get none (docs/protocol.md §3).
import type { ControlNote, ControlOutcome } from '../../../shared/types/control';
import { DomainError } from '../../../shared/errors';
import type { ManscdpDoc } from '../manscdp/codec';
import { resultOk, optStr } from '../manscdp/fields';
import { buildDeviceControl, controlExpectsResponse, type DeviceControlInput } from '../manscdp/messages/device-control';
import { QueryTimeoutError } from '../query/pending';
import { QueryRefusedError } from '../query/query-service';
import type { ControlDevices } from './device-access';
import * as says from './texts';

export const NO_ANSWER_TEXT = 'the device may not support this command over GB28181';

export function note(code: ControlNote['code'], text: string, params?: ControlNote['params']): ControlNote {
  return params ? { code, text, params } : { code, text };
}

export class ControlSender {
  constructor(
    private readonly devices: ControlDevices,
    /** How long a Response with Result is awaited. */
    private readonly answerMs = 10_000,
  ) {}

  /** A DeviceControl to the device or one of its channels (`targetId` goes in the body's DeviceID). */
  control(deviceId: string, targetId: string, command: DeviceControlInput): Promise<ControlOutcome> {
    this.assertOnline(deviceId);
    const gbVersion = this.devices.gbVersion(deviceId);
    const build = (sn: number) => buildDeviceControl({ sn, deviceId: targetId, command, gbVersion });
    return controlExpectsResponse(command) ? this.answered(deviceId, build, command.type) : this.sentOnly(deviceId, build(this.devices.nextSn()), command.type);
  }

  /** Any Control body that is answered with Result (DeviceConfig). */
  answered(deviceId: string, build: (sn: number) => ManscdpDoc, what: string): Promise<ControlOutcome> {
    this.assertOnline(deviceId);
    return this.devices.query(deviceId, build, this.answerMs).then(
      (body): ControlOutcome => {
        const ok = resultOk(body.fields);
        const out: ControlOutcome = { sent: true, answered: true, result: ok === false ? 'ERROR' : 'OK' };
        const reason = optStr(body.fields, 'Reason');
        if (ok === false && reason) out.reason = reason.slice(0, 200);
        return out;
      },
      (err: unknown): ControlOutcome => {
        if (err instanceof QueryTimeoutError) {
          const secs = Math.round(this.answerMs / 1000);
          return { sent: true, answered: false, note: note('no_answer', `no answer to ${what} within ${secs} s: ${NO_ANSWER_TEXT}`, { what, seconds: secs }) };
        }
        if (err instanceof QueryRefusedError) return refusedOutcome(what, err.status, err.message);
        throw err;
      },
    );
  }

  /** Commands GB/T 28181 gives no Response: sent is all that can be known. */
  async sentOnly(deviceId: string, doc: ManscdpDoc, what: string): Promise<ControlOutcome> {
    this.assertOnline(deviceId);
    const res = await this.devices.sendManscdp(deviceId, doc);
    if (res.status >= 300) return refusedOutcome(what, res.status, `device ${deviceId} answered ${res.status} ${res.reason} to ${what}`);
    return { sent: true, answered: false, note: note('no_response_expected', `${what} sent; devices do not answer it, so whether it acted is not known`, { what }) };
  }

  private assertOnline(deviceId: string): void {
    if (!this.devices.isOnline(deviceId)) throw DomainError.saying('conflict', says.offlineForCommands(deviceId));
  }
}

function refusedOutcome(what: string, status: number, text: string): ControlOutcome {
  return { sent: false, answered: false, note: note('refused', text, { what, status }) };
}
