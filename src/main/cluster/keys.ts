// Redis key names of one platform. Every instance of a platform uses the same prefix (default "gb:").

export class ClusterKeys {
  constructor(readonly prefix = 'gb:') {}
  instance(id: string): string {
    return `${this.prefix}instance:${id}`;
  }
  get instances(): string {
    return `${this.prefix}instances`;
  }
  device(deviceId: string): string {
    return `${this.prefix}device:${deviceId}`;
  }
  liveChannel(deviceId: string, channelId: string): string {
    return `${this.prefix}live:${deviceId}:${channelId}`;
  }
  get nonceSecret(): string {
    return `${this.prefix}nonce-secret`;
  }
  ssrcBlock(middle: string, block: number): string {
    return `${this.prefix}ssrc-block:${middle}:${block}`;
  }
  commands(instanceId: string): string {
    return `${this.prefix}cmd:${instanceId}`;
  }
  get settings(): string {
    return `${this.prefix}settings`;
  }
  get events(): string {
    return `${this.prefix}events`;
  }
  /** Where other instances tell this one which devices they redirect to it (redirect-notes.ts). */
  redirectedTo(instanceId: string): string {
    return `${this.prefix}redirected:${instanceId}`;
  }
  replies(instanceId: string): string {
    return `${this.prefix}reply:${instanceId}`;
  }
}
