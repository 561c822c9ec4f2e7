// Queries to devices (GB/T 28181 §9.5): send a Query MESSAGE with a fresh SN, match the Response MESSAGE by
// device + CmdType + SN, give up after a timeout. Catalog answers may come in many parts (multipart assembler);
// a timeout keeps the partial list, flagged.
import { DomainError } from '../../../shared/errors';
import type { ServerText } from '../../../shared/texts';
import type { Logger } from '../../log/logger';
import type { SipResponse } from '../../sip/message/types';
import type { Clock } from '../../sip/timers/clock';
import { catalogItemKey, MultipartAssembler, type AssemblyResult } from '../catalog/multipart-assembler';
import type { DecodedBody } from '../manscdp/codec';
import { listItems } from '../manscdp/fields';
import { buildQuery } from '../manscdp/messages/common';
import { parseCatalog } from '../manscdp/messages/catalog';
import { buildConfigDownloadQuery, parseConfigDownloadResponse } from '../manscdp/messages/config';
import { buildDeviceInfoQuery, buildDeviceStatusQuery } from '../manscdp/messages/device-info';
import type { ManscdpDoc } from '../manscdp/codec';
import type { CatalogEntry } from '../devices/channel-map';
import type { DeviceMessenger } from '../devices/messenger';
import type { DeviceRegistry } from '../devices/registry';
import { flattenFields } from './flatten';
import { PendingQueries } from './pending';
import { SnCounter } from './sn';
import { queryRefusedText, shuttingDownText } from './texts';
import * as says from '../devices/event-texts';

export interface QueryTimeouts {
  /** DeviceInfo, DeviceStatus, ConfigDownload: whole answer. Default 10 s. */
  answerMs: number;
  /** Catalog: silence allowed before the first part and between parts. Default 10 s. */
  catalogIdleMs: number;
  /** Catalog: hard limit for the whole list. Default 120 s. */
  catalogTotalMs: number;
}

export interface CatalogOutcome {
  complete: boolean;
  received: number;
  expected: number | null;
  duplicates: number;
  parts: number;
}

/** The device answered the query MESSAGE itself with an error (it never sends the Response then). */
export class QueryRefusedError extends DomainError {
  constructor(
    readonly deviceId: string,
    readonly cmdType: string,
    readonly status: number,
    reason: string,
  ) {
    const said = queryRefusedText(deviceId, cmdType, status, reason);
    super('conflict', said.text, undefined, said);
    this.name = 'QueryRefusedError';
  }
}

export class QueryService {
  readonly sn = new SnCounter();
  private readonly pending: PendingQueries<DecodedBody>;
  private readonly catalogParts: MultipartAssembler<CatalogEntry>;
  private readonly catalogsInFlight = new Map<string, Promise<CatalogOutcome>>();
  private readonly timeouts: QueryTimeouts;

  constructor(
    private readonly messenger: DeviceMessenger,
    private readonly registry: DeviceRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
    timeouts: Partial<QueryTimeouts> = {},
  ) {
    this.timeouts = { answerMs: 10_000, catalogIdleMs: 10_000, catalogTotalMs: 120_000, ...timeouts };
    this.pending = new PendingQueries(clock);
    this.catalogParts = new MultipartAssembler<CatalogEntry>({
      clock,
      keyOf: (e) => catalogItemKey(e.item),
      timeoutMs: this.timeouts.catalogIdleMs,
      maxTotalMs: this.timeouts.catalogTotalMs,
      onLate: (r) => this.lateCatalogParts(r),
    });
  }

  /**
   * Sends a query and waits for its single Response (matched by device + CmdType + SN). For other features
   * too (PresetQuery, ConfigDownload ...). Rejects with QueryRefusedError, QueryTimeoutError or a SIP error.
   */
  async ask(deviceId: string, build: (sn: number) => ManscdpDoc, timeoutMs = this.timeouts.answerMs): Promise<DecodedBody> {
    const sn = this.sn.next();
    const doc = build(sn);
    const cmdType = String(doc.body.CmdType);
    const answer = this.pending.wait(deviceId, cmdType, sn, timeoutMs);
    answer.catch(() => {});
    try {
      const res = await this.messenger.sendManscdp(deviceId, doc);
      if (res.status >= 300) this.pending.reject(deviceId, cmdType, sn, refused(deviceId, cmdType, res));
      else this.pending.accepted(deviceId, cmdType, sn);
    } catch (err) {
      this.pending.reject(deviceId, cmdType, sn, err as Error);
    }
    return answer;
  }

  async deviceInfo(deviceId: string): Promise<Record<string, string>> {
    const body = await this.ask(deviceId, (sn) => buildDeviceInfoQuery({ sn, deviceId }));
    const fields = flattenFields(body.fields);
    this.registry.applyInfo(deviceId, fields);
    return fields;
  }

  async deviceStatus(deviceId: string): Promise<Record<string, unknown>> {
    const body = await this.ask(deviceId, (sn) => buildDeviceStatusQuery({ sn, deviceId }));
    const fields = { ...body.fields } as Record<string, unknown>;
    this.registry.applyStatus(deviceId, fields);
    return fields;
  }

  /** BasicParam (keepalive interval and count). Devices that do not support ConfigDownload just time out. */
  async basicParam(deviceId: string): Promise<void> {
    const body = await this.ask(deviceId, (sn) => buildConfigDownloadQuery({ sn, deviceId, configTypes: ['BasicParam'] }));
    const bp = parseConfigDownloadResponse(body).basicParam;
    if (bp) this.registry.setKeepalive(deviceId, bp.heartBeatInterval, bp.heartBeatCount);
  }

  /** Asks for the whole catalog; one query per device at a time (a second caller shares the first). */
  catalog(deviceId: string): Promise<CatalogOutcome> {
    const running = this.catalogsInFlight.get(deviceId);
    if (running) return running;
    const p = this.runCatalog(deviceId).finally(() => this.catalogsInFlight.delete(deviceId));
    this.catalogsInFlight.set(deviceId, p);
    return p;
  }

  private async runCatalog(deviceId: string): Promise<CatalogOutcome> {
    const sn = this.sn.next();
    const assembled = this.catalogParts.expect(deviceId, sn);
    try {
      const res = await this.messenger.sendManscdp(deviceId, buildQuery('Catalog', sn, deviceId));
      if (res.status >= 300) {
        this.catalogParts.cancel(deviceId, sn);
        throw refused(deviceId, 'Catalog', res);
      }
      this.catalogParts.accepted(deviceId, sn);
    } catch (err) {
      this.catalogParts.cancel(deviceId, sn);
      throw err;
    }
    const r = await assembled;
    return this.applyCatalog(deviceId, r);
  }

  private applyCatalog(deviceId: string, r: AssemblyResult<CatalogEntry>): CatalogOutcome {
    const expected = r.expected ?? null;
    // SumNum 0 with no list is a complete, empty catalog; a timeout with nothing at all changes nothing.
    if (r.complete || r.received > 0) this.registry.applyCatalog(deviceId, r.items, expected, r.complete);
    if (!r.complete && r.received === 0) {
      const said = says.catalogNoAnswer(Math.round(this.timeouts.catalogIdleMs / 1000));
      this.registry.note(deviceId, 'error', said);
      this.logger.warn(`device ${deviceId}: ${said.text}`);
    }
    if (r.duplicates) this.registry.note(deviceId, 'info', says.catalogDuplicates(r.duplicates));
    if (r.beyondSumNum) this.noteUndercount(deviceId, r);
    return { complete: r.complete, received: r.received, expected, duplicates: r.duplicates, parts: r.parts };
  }

  /** Parts of a catalog that completed early because its SumNum undercounts: the whole list again, items kept. */
  private lateCatalogParts(r: AssemblyResult<CatalogEntry>): void {
    this.registry.applyCatalog(r.deviceId, r.items, r.expected ?? null, true);
    this.noteUndercount(r.deviceId, r);
  }

  private noteUndercount(deviceId: string, r: AssemblyResult<CatalogEntry>): void {
    const said = says.catalogUndercount(r.expected!, r.expected! + r.beyondSumNum);
    this.registry.note(deviceId, 'error', said);
    this.logger.warn(`device ${deviceId}: ${said.text}`);
  }

  /**
   * A Response MESSAGE from a device. Returns true when it answered one of our queries (or a Catalog part we
   * wait for). `fromId` is the SIP identity (From user); the body's DeviceID is tried too.
   */
  handleResponse(fromId: string, body: DecodedBody): boolean {
    const ids = body.deviceId && body.deviceId !== fromId ? [fromId, body.deviceId] : [fromId];
    if (body.cmdType === 'Catalog') {
      const part = parseCatalog(body);
      // part.items are the DeviceList's Item elements parsed, in order: each is parsed once.
      const elements = listItems(body.fields, 'DeviceList');
      const entries: CatalogEntry[] = part.items.map((item, i) => ({ item, raw: elements[i] }));
      for (const id of ids) {
        if (this.catalogParts.isWaiting(id, body.sn)) {
          this.catalogParts.accept(id, body.sn, { sumNum: part.sumNum, items: entries });
          return true;
        }
      }
      return false;
    }
    for (const id of ids) if (this.pending.resolve(id, body.cmdType, body.sn, body)) return true;
    return false;
  }

  /** The device went away: its waits end now instead of at their timeouts. */
  deviceGone(deviceId: string, said: ServerText): void {
    this.pending.rejectAll(() => DomainError.saying('unavailable', said), deviceId);
    this.catalogParts.cancelDevice(deviceId);
  }

  close(): void {
    this.pending.rejectAll(() => DomainError.saying('unavailable', shuttingDownText()));
  }
}

function refused(deviceId: string, cmdType: string, res: SipResponse): QueryRefusedError {
  return new QueryRefusedError(deviceId, cmdType, res.status, res.reason);
}
