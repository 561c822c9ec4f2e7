// One pub/sub channel of the platform that every instance both tells and hears: a message is JSON with the
// sender's instance ID beside the user's fields; an instance ignores its own, and what it does on hearing another's
// (`apply`) is not told again (publish() is muted meanwhile), so a change goes round once.
import type { Redis } from 'ioredis';

export class SharedChannel<M extends object> {
  private applying = false;
  private readonly unhook: Array<() => void> = [];

  /** `sub` is a connection of its own (a subscribed ioredis connection runs no other commands). */
  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
    private readonly self: string,
    /** The user's fields of a message from another instance, or undefined when they are not what they must be. */
    private readonly read: (m: Record<string, unknown>) => M | undefined,
  ) {}

  /** Hears the other instances' messages. */
  async listen(apply: (m: M, from: string) => void): Promise<void> {
    const onMessage = (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const heard = parse(text);
      if (!heard || heard.from === this.self) return;
      const m = this.read(heard);
      if (!m) return;
      this.applying = true;
      try {
        apply(m, heard.from);
      } finally {
        this.applying = false;
      }
    };
    this.sub.on('message', onMessage);
    this.unhook.push(() => this.sub.off('message', onMessage));
    await this.sub.subscribe(this.channel);
  }

  /** Tells the other instances, unless this is what hearing one of them made happen. */
  publish(m: M, onError: (err: Error) => void): void {
    if (this.applying) return;
    this.pub.publish(this.channel, JSON.stringify({ ...m, from: this.self })).catch(onError);
  }

  /** Something to undo at stop() (a listener the user hooked to feed publish()). */
  onStop(undo: () => void): void {
    this.unhook.push(undo);
  }

  stop(): void {
    for (const u of this.unhook.splice(0)) u();
  }
}

function parse(text: string): (Record<string, unknown> & { from: string }) | undefined {
  try {
    const m = JSON.parse(text) as Record<string, unknown> | null;
    return m && typeof m === 'object' && typeof m.from === 'string' ? (m as Record<string, unknown> & { from: string }) : undefined;
  } catch {
    return undefined;
  }
}
