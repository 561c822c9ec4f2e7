// The signalling of one live-view call: INVITE, provisional answers, our own answer deadline, CANCEL when the
// viewer gives up first, ACK (by the stack) and BYE. A 2xx that arrives after we gave up is ACKed and ended
// with BYE at once (RFC 3261 §15: a CANCEL may cross the 200).
import type { SipAddress, SipRequest, SipResponse } from '../../sip/message/types';
import type { Dialog } from '../../sip/dialog/dialog';
import { SipTransactionError } from '../../sip/stack/errors';
import type { SipStack } from '../../sip/stack/stack';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { getCallId } from '../../sip/message';
import { errorText, type ServerText } from '../../../shared/texts';
import { noAnswerText, refusedText, sendFailedText } from './texts';

export type CallOutcome =
  | { kind: 'answered'; response: SipResponse; dialog: Dialog }
  | { kind: 'refused'; status: number; text: string; said?: ServerText; response: SipResponse }
  | { kind: 'failed'; text: string; said?: ServerText; timeout: boolean }
  | { kind: 'cancelled' };

export interface LiveCallOptions {
  stack: SipStack;
  request: SipRequest;
  dest: SipAddress;
  /** TCP devices: only over the connection they registered on (GB/T 28181-2022). */
  noNewConnection: boolean;
  channelId: string;
  /** Give up (and CANCEL) when no final answer came within this long. */
  answerTimeoutMs: number;
  clock: Clock;
  onProvisional?(res: SipResponse): void;
  /** What the call is for, in the sentences: "live view" (default), "playback", "download". */
  what?: string;
}

export class LiveCall {
  readonly outcome: Promise<CallOutcome>;
  readonly callId: string;
  private state: 'calling' | 'answered' | 'given-up' | 'ended' = 'calling';
  private dialog: Dialog | undefined;
  private timer: TimerHandle | undefined;
  private settle!: (o: CallOutcome) => void;

  constructor(private readonly o: LiveCallOptions) {
    this.callId = getCallId(o.request) ?? '';
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    this.timer = o.clock.setTimeout(() => this.giveUp({ kind: 'failed', ...saying(noAnswerText(o.channelId, o.dest, o.answerTimeoutMs, o.what)), timeout: true }), o.answerTimeoutMs);
    o.stack
      .invite(o.request, o.dest, { noNewConnection: o.noNewConnection, timeoutMs: 0, onProvisional: (r) => this.provisional(r) })
      .then(
        (r) => this.final(r.response, r.dialog),
        (err: unknown) => this.failed(err),
      );
  }

  get answered(): boolean {
    return this.state === 'answered';
  }

  /** Whether an incoming in-dialog request belongs to this call. */
  owns(dialog: Dialog | undefined, callId?: string): boolean {
    if (dialog && this.dialog) return dialog === this.dialog || dialog.key === this.dialog.key;
    return !!callId && callId === this.callId && this.state !== 'calling';
  }

  /** The device ended the call (its BYE was answered): no BYE of ours follows. */
  remoteEnded(): void {
    this.state = 'ended';
  }

  /** The call's dialog once answered (in-dialog requests such as MANSRTSP INFO go in it). */
  get callDialog(): Dialog | undefined {
    return this.state === 'answered' ? this.dialog : undefined;
  }

  /** True once the stack saw the dialog end without us (a BYE from the device answered by someone else). */
  get dialogGone(): boolean {
    return this.state === 'answered' && this.dialog?.state === 'terminated';
  }

  /**
   * Ends the call from our side: CANCEL while it is still ringing (outcome 'cancelled'), BYE once answered.
   * Never rejects; resolves when the BYE was answered or failed.
   */
  async hangup(): Promise<void> {
    if (this.state === 'calling') {
      this.giveUp({ kind: 'cancelled' });
      return;
    }
    if (this.state !== 'answered') return;
    this.state = 'ended';
    await this.bye();
  }

  private provisional(res: SipResponse): void {
    if (this.state === 'calling') this.o.onProvisional?.(res);
  }

  private giveUp(outcome: CallOutcome): void {
    if (this.state !== 'calling') return;
    this.state = 'given-up';
    this.clearTimer();
    this.o.stack.cancel(this.o.request);
    this.settle(outcome);
  }

  private final(res: SipResponse, dialog: Dialog | undefined): void {
    this.clearTimer();
    if (res.status >= 200 && res.status < 300 && dialog) {
      this.dialog = dialog;
      if (this.state === 'calling') {
        this.state = 'answered';
        this.settle({ kind: 'answered', response: res, dialog });
      } else {
        // answered after we gave up: the stack has ACKed it; end it
        this.state = 'ended';
        void this.bye();
      }
      return;
    }
    if (this.state !== 'calling') return;
    this.state = 'ended';
    this.settle({ kind: 'refused', status: res.status, ...saying(refusedText(this.o.channelId, res.status, res.reason, this.o.what)), response: res });
  }

  private failed(err: unknown): void {
    this.clearTimer();
    if (this.state !== 'calling') return;
    this.state = 'ended';
    const timeout = err instanceof SipTransactionError && err.failure === 'timeout';
    const said = timeout
      ? noAnswerText(this.o.channelId, this.o.dest, 32_000, this.o.what)
      : sendFailedText(this.o.channelId, this.o.dest, errorText(err), this.o.what);
    this.settle({ kind: 'failed', ...saying(said), timeout });
  }

  private async bye(): Promise<void> {
    const d = this.dialog;
    if (!d || d.state === 'terminated') return;
    try {
      await this.o.stack.bye(d, { noNewConnection: this.o.noNewConnection });
    } catch {
      // the device may be gone; the session ends anyway
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** An outcome's English sentence with its code and parameters beside it. */
function saying(said: ServerText): { text: string; said: ServerText } {
  return { text: said.text, said };
}
