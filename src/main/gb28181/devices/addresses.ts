// Where each device is reached: the address its packets come from (docs/protocol.md §3: answer the source,
// not the Contact) and, for TCP, the connection it registered on. Connections do not survive a restart, so
// flows are kept in memory only.
import type { Logger } from '../../log/logger';
import type { SipAddress } from '../../sip/message/types';
import type { Clock } from '../../sip/timers/clock';
import { peerKey } from '../../sip/transport/transport';
import * as says from './event-texts';
import type { DeviceJournal } from './journal';
import type { DeviceRecord } from './record';

export class DeviceAddresses {
  /** TCP connection key ("ip:port") each device registered on. */
  private readonly flows = new Map<string, string>();

  constructor(
    private readonly journal: DeviceJournal,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  flowOf(deviceId: string): string | undefined {
    return this.flows.get(deviceId);
  }

  addressOf(d: DeviceRecord): SipAddress | undefined {
    if (!d.ip || !d.port) return undefined;
    return { transport: d.transport, address: d.ip, port: d.port };
  }

  /** Records where the device's packets come from now; a change of address or transport is logged. True if it moved. */
  note(d: DeviceRecord, source: SipAddress, flow: string | undefined, seenIn: string): boolean {
    const moved = d.ip !== null && (d.ip !== source.address || d.port !== source.port || d.transport !== source.transport);
    if (moved) {
      const said = says.moved(`${peerKey(d.ip!, d.port ?? 0)}/${d.transport.toLowerCase()}`, `${peerKey(source.address, source.port)}/${source.transport.toLowerCase()}`, seenIn);
      this.logger.info(`device ${d.deviceId} ${said.text}`);
      this.journal.note(d, 'moved', said);
    }
    d.ip = source.address;
    d.port = source.port;
    d.transport = source.transport;
    if (source.transport === 'TCP' && flow) this.flows.set(d.deviceId, flow);
    else this.flows.delete(d.deviceId);
    if (moved) {
      d.updatedAt = this.clock.now();
      this.journal.updated(d);
    }
    return moved;
  }

  /**
   * True when a request came over the device's registered flow: its TCP connection, or for a UDP registration
   * its address and port over UDP. A UDP device may also send a large request over TCP from the same IP
   * (RFC 3261 §18.1.1); that is its own connection too, and does not move its address.
   */
  isRegisteredFlow(d: DeviceRecord, source: SipAddress): boolean {
    if (!d.ip) return false;
    if (d.transport === 'TCP') {
      const flow = this.flows.get(d.deviceId) ?? peerKey(d.ip, d.port ?? 0);
      return source.transport === 'TCP' && peerKey(source.address, source.port) === flow;
    }
    if (source.transport === 'TCP') return source.address === d.ip;
    return source.address === d.ip && source.port === d.port;
  }

  /** The devices that registered on this TCP connection; their flows are forgotten. */
  closed(peer: SipAddress): string[] {
    const key = peerKey(peer.address, peer.port);
    const ids: string[] = [];
    for (const [deviceId, flow] of this.flows) {
      if (flow !== key) continue;
      this.flows.delete(deviceId);
      ids.push(deviceId);
    }
    return ids;
  }

  forget(deviceId: string): void {
    this.flows.delete(deviceId);
  }
}
