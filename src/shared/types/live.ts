// Live view sessions.
import type { ServerText } from '../texts';
import type { MediaTransport } from './devices';

export type LiveState = 'inviting' | 'playing' | 'ended';

export interface LiveSession {
  sessionId: string;
  deviceId: string;
  channelId: string;
  transport: MediaTransport;
  state: LiveState;
  /** Our address and port put in the SDP offer. */
  mediaIp: string;
  mediaPort: number;
  /** SSRC we offered (y=) and the one packets actually carry. */
  ssrc: string;
  receivedSsrc: string | null;
  /** Where packets come from (ip:port), once they do. */
  peer: string | null;
  startedAt: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  bitrateKbps: number | null;
  packets: number;
  bytes: number;
  frames: number;
  lost: number;
  /** ms from live.start to the first complete frame. */
  firstFrameMs: number | null;
  viewers: number;
  /** Things the installer should know (other SSRC, unexpected sender), in English. */
  warnings: string[];
  /** The same as codes and parameters, for the console to word in its language (absent from older servers). */
  warningTexts?: ServerText[];
}

export interface LiveEnded {
  sessionId: string;
  deviceId: string;
  channelId: string;
  /** The English sentence. */
  reason: string;
  /** The same as a code and parameters, for the console to word in its language. */
  text?: ServerText;
}
