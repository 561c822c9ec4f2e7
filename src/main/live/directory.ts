// What live view needs to know about devices, kept small so the session logic does not depend on how device
// access stores them; `deviceServiceDirectory` adapts the GB server's DeviceService.
import type { MediaTransport } from '../../shared/types/devices';
import type { DeviceService } from '../gb28181/devices/device-service';
import type { LiveCall } from '../gb28181/invite';
import type { SipAddress, SipRequest } from '../sip/message/types';
import type { Dialog } from '../sip/dialog/dialog';
import { getCallId } from '../sip/message';
import type { IncomingRequestContext } from '../sip/stack/incoming';
import type { DomainError } from '../../shared/errors';
import type { ServerText } from '../../shared/texts';

export interface LiveDevice {
  deviceId: string;
  online: boolean;
  /** Where SIP requests to the device go: the address its packets come from. Undefined: never registered. */
  sip: SipAddress | undefined;
  /** Why no request can be sent now (e.g. its TCP connection closed), in the installer's words. */
  unreachable?: string;
  /** The same as a code and parameters. */
  unreachableText?: ServerText;
  /** TCP devices: only over the connection they registered on (GB/T 28181-2022). */
  noNewConnection: boolean;
  /** The device's live-view media transport setting. */
  mediaTransport: MediaTransport;
  /** Our local address on the device's SIP path, when known (its TCP flow, or a SIP socket bound to one IP). */
  localAddress?: string;
  /**
   * A device registered to another console instance: that instance places the live-view call (it holds the
   * device's SIP path), offering our media address, so the video comes here.
   */
  placeCall?(spec: PlacedCallSpec): MediaCall;
  /**
   * Live view on a platform of several instances: another instance already playing the channel may serve this
   * session (it sends its video here); else `own()` makes this instance's call.
   */
  shareCall?(spec: PlacedCallSpec, own: () => MediaCall): MediaCall;
}

/** What a call placed elsewhere must offer: this instance's media address and SSRC. */
export interface PlacedCallSpec {
  channelId: string;
  mediaIp: string;
  mediaPort: number;
  transport: MediaTransport;
  ssrc: string;
  /** Playback or download: s= and the t= range (Unix seconds); absent for live view. */
  history?: PlacedHistory;
}

export interface PlacedHistory {
  sessionName: 'Playback' | 'Download';
  start: number;
  end: number;
  /** Download only: a=downloadspeed. */
  downloadSpeed?: number;
}

/** The parts of a call a media session uses (LiveCall here, or a call another instance placed). */
export type MediaCall = Pick<LiveCall, 'outcome' | 'callId' | 'answered' | 'owns' | 'remoteEnded' | 'callDialog' | 'dialogGone' | 'hangup'> & {
  /** An in-dialog INFO (MANSRTSP) in a call whose dialog lives elsewhere: the instance holding it sends it. */
  sendInfo?(body: Buffer, contentType: string): Promise<{ status: number; reason: string }>;
};

/** Answers an incoming BYE when it belongs to live view; false leaves it to others. */
export type ByeHandler = (req: SipRequest, ctx: IncomingRequestContext) => boolean;

/** A MediaStatus MESSAGE from a device (GB/T 28181-2016 §9.8.3; NotifyType 121: the recording ended). */
export interface MediaStatusNote {
  deviceId: string;
  /** The body's DeviceID: usually the channel. */
  channelId: string;
  notifyType: string;
  callId: string | undefined;
  dialog: Dialog | undefined;
}

export interface LiveDeviceDirectory {
  lookup(deviceId: string): LiveDevice | undefined;
  /** A device went offline; `reason` is the installer sentence of device access. */
  onOffline(fn: (deviceId: string, reason: ServerText | string) => void): () => void;
  /** Where incoming BYEs are offered to live view (a device ending the call). */
  onBye?(handler: ByeHandler): () => void;
  /** In-dialog requests of a method (BYE, INFO) for media calls; one taker per method (the dialog router). */
  onInDialog?(method: 'BYE' | 'INFO', handler: ByeHandler): () => void;
  onMediaStatus?(fn: (n: MediaStatusNote) => void): () => void;
  /** Asks the device for a keyframe (IFrame DeviceControl) once the INVITE is answered; absent: not asked. */
  requestKeyframe?(deviceId: string, channelId: string): Promise<unknown>;
}

export function deviceServiceDirectory(service: DeviceService): LiveDeviceDirectory {
  return {
    lookup(deviceId) {
      const rec = service.record(deviceId);
      if (!rec) return undefined;
      let sip: SipAddress | undefined;
      let unreachable: string | undefined;
      let unreachableText: ServerText | undefined;
      let noNewConnection = false;
      try {
        const r = service.route(deviceId);
        sip = r.dest;
        noNewConnection = r.noNewConnection;
      } catch (err) {
        unreachable = (err as Error).message;
        unreachableText = (err as DomainError).text;
      }
      const localAddress = sip && service.localAddress(sip);
      return { deviceId, online: rec.online, sip, unreachable, ...(unreachableText ? { unreachableText } : {}), noNewConnection, mediaTransport: rec.mediaTransport, localAddress };
    },
    onOffline: (fn) => service.onOffline((o) => fn(o.deviceId, o.said ?? o.text)),
    onBye(handler) {
      return this.onInDialog!('BYE', handler);
    },
    onInDialog(method, handler) {
      return service.onRequest(method, (req, ctx) => {
        if (handler(req, ctx) || ctx.answered) return;
        // not one of our media calls: what the router does without a hook
        if (ctx.dialog) ctx.respond(200);
        else ctx.respond(481, { reason: 'Call/Transaction Does Not Exist' });
      });
    },
    onMediaStatus(fn) {
      return service.onManscdp('MediaStatus', (deviceId, body, ctx) => {
        const notifyType = String((body.fields as Record<string, unknown>).NotifyType ?? '').trim();
        fn({ deviceId, channelId: body.deviceId, notifyType, callId: getCallId(ctx.request), dialog: ctx.dialog });
      });
    },
  };
}
