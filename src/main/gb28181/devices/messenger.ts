// Requests from the platform to one device: where to send (the address its packets come from, over its
// TCP connection when it registered on one: GB/T 28181-2022 NAT rule), how to address it, and MANSCDP bodies
// in the charset the device speaks.
import { DomainError } from '../../../shared/errors';
import type { ServerText } from '../../../shared/texts';
import type { HeaderField, SipAddress, SipRequest, SipResponse } from '../../sip/message/types';
import type { RequestOptions, SipStack } from '../../sip/stack/stack';
import { formatHostPort } from '../../sip/message';
import { encodeDoc, type ManscdpDoc } from '../manscdp/codec';
import type { DeviceRegistry } from './registry';
import { neverRegisteredText, tcpClosedText, unknownDeviceText } from './route-texts';

export const MANSCDP_CONTENT_TYPE = 'Application/MANSCDP+xml';

/** The device cannot be sent a request now (unknown, never registered, its TCP connection closed). */
export class DeviceUnreachableError extends DomainError {
  constructor(
    readonly deviceId: string,
    said: ServerText,
  ) {
    super('conflict', said.text, undefined, said);
    this.name = 'DeviceUnreachableError';
  }
}

export interface DeviceRequestSpec {
  method: string;
  /** The ID in the Request-URI and To: a channel ID for INVITE, the device ID otherwise (default). */
  targetId?: string;
  body?: Buffer;
  contentType?: string;
  headers?: HeaderField[];
  /** Keep a Call-ID / From tag (e.g. a SUBSCRIBE refresh outside a dialog). */
  callId?: string;
  fromTag?: string;
}

export interface Route {
  dest: SipAddress;
  /** TCP devices: only over the connection they registered on. */
  noNewConnection: boolean;
}

export class DeviceMessenger {
  constructor(
    readonly stack: SipStack,
    private readonly registry: DeviceRegistry,
    private readonly identity: () => { sipId: string; domain: string },
  ) {}

  route(deviceId: string): Route {
    const d = this.registry.get(deviceId);
    if (!d) throw new DeviceUnreachableError(deviceId, unknownDeviceText(deviceId));
    const dest = this.registry.addressOf(deviceId);
    if (!dest) throw new DeviceUnreachableError(deviceId, neverRegisteredText(deviceId));
    if (dest.transport === 'TCP' && !this.registry.flowOf(deviceId)) {
      throw new DeviceUnreachableError(deviceId, tcpClosedText(deviceId));
    }
    return { dest, noNewConnection: dest.transport === 'TCP' };
  }

  /** An out-of-dialog request to the device (or one of its channels), not sent yet. */
  build(deviceId: string, spec: DeviceRequestSpec): SipRequest {
    const { dest } = this.route(deviceId);
    const { sipId, domain } = this.identity();
    const target = spec.targetId ?? deviceId;
    return this.stack.createRequest({
      method: spec.method,
      // Devices often register a Contact host they cannot be reached at (docs/protocol.md §3): use where they send from.
      uri: `sip:${target}@${formatHostPort(dest.address, dest.port)}`,
      from: `<sip:${sipId}@${domain}>`,
      to: `<sip:${target}@${domain}>`,
      body: spec.body,
      contentType: spec.contentType,
      headers: spec.headers,
      callId: spec.callId,
      fromTag: spec.fromTag,
    });
  }

  /** Sends a non-INVITE request to the device; resolves with the final response. */
  send(deviceId: string, req: SipRequest, opts: RequestOptions = {}): Promise<SipResponse> {
    const r = this.route(deviceId);
    return this.stack.request(req, r.dest, { ...opts, noNewConnection: r.noNewConnection || opts.noNewConnection });
  }

  /** A MANSCDP MESSAGE in the device's charset. Resolves with the device's (body-less) final response. */
  sendManscdp(deviceId: string, doc: ManscdpDoc, headers: HeaderField[] = []): Promise<SipResponse> {
    const req = this.buildManscdp(deviceId, 'MESSAGE', doc, headers);
    return this.send(deviceId, req);
  }

  buildManscdp(deviceId: string, method: string, doc: ManscdpDoc, headers: HeaderField[] = []): SipRequest {
    const d = this.registry.get(deviceId);
    const body = encodeDoc(doc, d?.charset ?? 'gb2312');
    return this.build(deviceId, { method, body, contentType: MANSCDP_CONTENT_TYPE, headers });
  }
}
