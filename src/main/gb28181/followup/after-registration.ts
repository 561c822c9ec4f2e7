// What the server asks a device after it registers anew (GB/T 28181 §9.5; docs/protocol.md §12), one after another,
// as steps of the follow-up scheduler: first the catalogue (and once more when its answer never came) of every
// device of a storm, then DeviceInfo, then the subscriptions the device should hold and BasicParam.
import { SipTransactionError } from '../../sip/stack/errors';
import { DeviceUnreachableError } from '../devices/messenger';
import type { FollowUpStep, StepOutcome } from './scheduler';
import * as says from '../devices/event-texts';
import { errorText, type ServerText } from '../../../shared/texts';

/** The parts of the query and subscription services the follow-ups use. */
export interface FollowUpServices {
  deviceInfo(deviceId: string): Promise<unknown>;
  catalog(deviceId: string): Promise<{ complete: boolean; received: number }>;
  basicParam(deviceId: string): Promise<unknown>;
  /** Every subscription the device should hold (Catalog, and Alarm/MobilePosition where wanted), afresh. */
  subscribe(deviceId: string): Promise<unknown>;
  isOnline(deviceId: string): boolean;
  /** A query failed: said on the device and in the log. */
  note(deviceId: string, said: ServerText): void;
}

/** No SIP answer at all (or no way to send): asking again soon would only retransmit into the void. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof DeviceUnreachableError) return true;
  return err instanceof SipTransactionError && (err.failure === 'timeout' || err.failure === 'transport');
}

/**
 * Over all devices: the channels first (what an installer opens live view from), then what describes the device,
 * then background work. A storm's devices all show their channels before any DeviceInfo is asked.
 */
const CATALOGUE = 0;
const DESCRIPTION = 1;
const BACKGROUND = 2;

function stepMaker(deviceId: string, s: FollowUpServices) {
  return (name: string, phase: number, run: () => Promise<unknown>, quiet = false): FollowUpStep => ({
    name,
    phase,
    run: async (): Promise<StepOutcome> => {
      if (!s.isOnline(deviceId)) return 'unreachable';
      try {
        const r = await run();
        return r === 'slow' ? 'slow' : 'ok';
      } catch (err) {
        if (!quiet) s.note(deviceId, says.stepFailed(name, errorText(err)));
        return isUnreachable(err) ? 'unreachable' : 'failed';
      }
    },
  });
}

export function followUpSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  let catalogUnanswered = false;
  const step = stepMaker(deviceId, s);
  const catalog = async () => {
    const r = await s.catalog(deviceId);
    // The device took the query (200 OK) but no part of the answer arrived: lost in a storm, most likely.
    catalogUnanswered = !r.complete && r.received === 0;
    return catalogUnanswered ? ('slow' as const) : undefined;
  };
  return [
    step('Catalog query', CATALOGUE, catalog),
    { ...step('Catalog query again', CATALOGUE, () => s.catalog(deviceId)), skip: () => !catalogUnanswered },
    step('DeviceInfo query', DESCRIPTION, () => s.deviceInfo(deviceId)),
    step('Subscriptions', BACKGROUND, () => s.subscribe(deviceId)),
    // Optional for devices: many do not support ConfigDownload, and then the keepalive defaults apply.
    step('BasicParam query', BACKGROUND, () => s.basicParam(deviceId), true),
  ];
}

/** The Catalog asked again later, for a device still online whose catalogue never came (catalog-recovery.ts). */
export function catalogAgainSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  return [stepMaker(deviceId, s)('Catalog query again', CATALOGUE, () => s.catalog(deviceId))];
}
