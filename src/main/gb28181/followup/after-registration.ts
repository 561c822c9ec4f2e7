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

/** What one device's steps share: its ID, the services, and whether its first Catalog went unanswered. */
class DeviceFollowUp {
  catalogUnanswered = false;
  constructor(
    readonly deviceId: string,
    readonly s: FollowUpServices,
  ) {}
}

type Ask = 'catalog' | 'catalog-again' | 'device-info' | 'subscriptions' | 'basic-param';

/**
 * One step of a device's follow-ups. A storm schedules 10,000 devices' steps at once and they live until each
 * device is done: small objects sharing their methods, not a set of closures per device.
 */
class QueryStep implements FollowUpStep {
  constructor(
    private readonly d: DeviceFollowUp,
    readonly name: string,
    readonly phase: number,
    private readonly ask: Ask,
    /** A failure is not said on the device (an optional query). */
    private readonly quiet = false,
    /** Only when the device's first Catalog went unanswered. */
    private readonly onlyIfUnanswered = false,
  ) {}

  skip(): boolean {
    return this.onlyIfUnanswered && !this.d.catalogUnanswered;
  }

  async run(): Promise<StepOutcome> {
    const { deviceId, s } = this.d;
    if (!s.isOnline(deviceId)) return 'unreachable';
    try {
      return (await this.query()) === 'slow' ? 'slow' : 'ok';
    } catch (err) {
      if (!this.quiet) s.note(deviceId, says.stepFailed(this.name, errorText(err)));
      return isUnreachable(err) ? 'unreachable' : 'failed';
    }
  }

  private async query(): Promise<unknown> {
    const { deviceId, s } = this.d;
    switch (this.ask) {
      case 'catalog': {
        const r = await s.catalog(deviceId);
        // The device took the query (200 OK) but no part of the answer arrived: lost in a storm, most likely.
        this.d.catalogUnanswered = !r.complete && r.received === 0;
        return this.d.catalogUnanswered ? 'slow' : undefined;
      }
      case 'catalog-again':
        return s.catalog(deviceId);
      case 'device-info':
        return s.deviceInfo(deviceId);
      case 'subscriptions':
        return s.subscribe(deviceId);
      case 'basic-param':
        return s.basicParam(deviceId);
    }
  }
}

export function followUpSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  const d = new DeviceFollowUp(deviceId, s);
  return [
    new QueryStep(d, 'Catalog query', CATALOGUE, 'catalog'),
    new QueryStep(d, 'Catalog query again', CATALOGUE, 'catalog-again', false, true),
    new QueryStep(d, 'DeviceInfo query', DESCRIPTION, 'device-info'),
    new QueryStep(d, 'Subscriptions', BACKGROUND, 'subscriptions'),
    // Optional for devices: many do not support ConfigDownload, and then the keepalive defaults apply.
    new QueryStep(d, 'BasicParam query', BACKGROUND, 'basic-param', true),
  ];
}

/** The Catalog asked again later, for a device still online whose catalogue never came (catalog-recovery.ts). */
export function catalogAgainSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  return [new QueryStep(new DeviceFollowUp(deviceId, s), 'Catalog query again', CATALOGUE, 'catalog-again')];
}
