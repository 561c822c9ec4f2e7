// What the server asks a device after it registers anew (GB/T 28181 §9.5; docs/protocol.md §12): DeviceInfo,
// Catalog, the subscriptions the device should hold, then BasicParam, one after another, as steps of the follow-up scheduler.
import { SipTransactionError } from '../../sip/stack/errors';
import { DeviceUnreachableError } from '../devices/messenger';
import type { FollowUpStep, StepOutcome } from './scheduler';

/** The parts of the query and subscription services the follow-ups use. */
export interface FollowUpServices {
  deviceInfo(deviceId: string): Promise<unknown>;
  catalog(deviceId: string): Promise<unknown>;
  basicParam(deviceId: string): Promise<unknown>;
  /** Every subscription the device should hold (Catalog, and Alarm/MobilePosition where wanted), afresh. */
  subscribe(deviceId: string): Promise<unknown>;
  isOnline(deviceId: string): boolean;
  /** A query failed: said on the device and in the log. */
  note(deviceId: string, text: string): void;
}

/** No SIP answer at all (or no way to send): asking again soon would only retransmit into the void. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof DeviceUnreachableError) return true;
  return err instanceof SipTransactionError && (err.failure === 'timeout' || err.failure === 'transport');
}

export function followUpSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  const step = (name: string, run: () => Promise<unknown>, quiet = false): FollowUpStep => ({
    name,
    run: async (): Promise<StepOutcome> => {
      if (!s.isOnline(deviceId)) return 'unreachable';
      try {
        await run();
        return 'ok';
      } catch (err) {
        if (!quiet) s.note(deviceId, `${name}: ${(err as Error).message}`);
        return isUnreachable(err) ? 'unreachable' : 'failed';
      }
    },
  });
  return [
    step('DeviceInfo query', () => s.deviceInfo(deviceId)),
    step('Catalog query', () => s.catalog(deviceId)),
    step('Subscriptions', () => s.subscribe(deviceId)),
    // Optional for devices: many do not support ConfigDownload, and then the keepalive defaults apply.
    step('BasicParam query', () => s.basicParam(deviceId), true),
  ];
}
