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

/** What a step asks: its name and phase, and how it asks (module-level functions, shared by every device's steps). */
interface Ask {
  name: string;
  phase: number;
  /** Optional for devices: a failure is not said on the device. */
  quiet?: boolean;
  /** Passed over unless the device's first Catalog went unanswered. */
  onlyIfCatalogLost?: boolean;
  query(d: DeviceFollowUp): Promise<unknown>;
}

const catalogAgain = (d: DeviceFollowUp) => d.s.catalog(d.deviceId);

const ASKS = {
  catalog: {
    name: 'Catalog query',
    phase: CATALOGUE,
    query: async (d) => {
      const r = await d.s.catalog(d.deviceId);
      // The device took the query (200 OK) but no part of the answer arrived: lost in a storm, most likely.
      d.catalogUnanswered = !r.complete && r.received === 0;
      return d.catalogUnanswered ? 'slow' : undefined;
    },
  },
  'catalog-if-lost': { name: 'Catalog query again', phase: CATALOGUE, onlyIfCatalogLost: true, query: catalogAgain },
  'catalog-again': { name: 'Catalog query again', phase: CATALOGUE, query: catalogAgain },
  'device-info': { name: 'DeviceInfo query', phase: DESCRIPTION, query: (d) => d.s.deviceInfo(d.deviceId) },
  subscriptions: { name: 'Subscriptions', phase: BACKGROUND, query: (d) => d.s.subscribe(d.deviceId) },
  // Many devices do not support ConfigDownload; the keepalive defaults apply then.
  'basic-param': { name: 'BasicParam query', phase: BACKGROUND, quiet: true, query: (d) => d.s.basicParam(d.deviceId) },
} satisfies Record<string, Ask>;

/**
 * One step of a device's follow-ups. A storm schedules 10,000 devices' steps at once and they live until each
 * device is done: small objects sharing their methods, not a set of closures per device.
 */
class QueryStep implements FollowUpStep {
  readonly name: string;
  readonly phase: number;

  constructor(
    private readonly d: DeviceFollowUp,
    private readonly ask: Ask,
  ) {
    this.name = ask.name;
    this.phase = ask.phase;
  }

  skip(): boolean {
    return this.ask.onlyIfCatalogLost === true && !this.d.catalogUnanswered;
  }

  async run(): Promise<StepOutcome> {
    const { deviceId, s } = this.d;
    if (!s.isOnline(deviceId)) return 'unreachable';
    try {
      return (await this.ask.query(this.d)) === 'slow' ? 'slow' : 'ok';
    } catch (err) {
      if (!this.ask.quiet) s.note(deviceId, says.stepFailed(this.name, errorText(err)));
      return isUnreachable(err) ? 'unreachable' : 'failed';
    }
  }
}

export function followUpSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  const d = new DeviceFollowUp(deviceId, s);
  return [ASKS.catalog, ASKS['catalog-if-lost'], ASKS['device-info'], ASKS.subscriptions, ASKS['basic-param']].map((ask) => new QueryStep(d, ask));
}

/** The Catalog asked again later, for a device still online whose catalogue never came (catalog-recovery.ts). */
export function catalogAgainSteps(deviceId: string, s: FollowUpServices): FollowUpStep[] {
  return [new QueryStep(new DeviceFollowUp(deviceId, s), ASKS['catalog-again'])];
}
