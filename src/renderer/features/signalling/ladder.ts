// Lays out a call's messages as a ladder: one lane for the server, one per peer, one arrow per message.
import type { LogMessageDetail } from '../../../shared/contract';
import { methodOrStatus } from './describe-message';

export interface Lane {
  key: string;
  /** 'server' or the peer's ip:port. */
  kind: 'server' | 'peer';
  address: string;
  deviceId: string | null;
}

export interface Step {
  id: number;
  time: number;
  /** ms since the first message of the call. */
  offsetMs: number;
  from: number;
  to: number;
  label: string;
  tone: 'ok' | 'bad' | 'provisional' | 'request';
  message: LogMessageDetail;
}

export interface Ladder {
  lanes: Lane[];
  steps: Step[];
}

function tone(m: LogMessageDetail): Step['tone'] {
  if (m.status == null) return 'request';
  if (m.status < 200) return 'provisional';
  return m.status < 300 ? 'ok' : 'bad';
}

export function layoutLadder(messages: readonly LogMessageDetail[]): Ladder {
  const sorted = [...messages].sort((a, b) => a.time - b.time || a.id - b.id);
  const lanes: Lane[] = [{ key: 'server', kind: 'server', address: sorted[0]?.localAddress ?? '', deviceId: null }];
  const laneOf = new Map<string, number>();
  for (const m of sorted) {
    if (!laneOf.has(m.peerAddress)) {
      laneOf.set(m.peerAddress, lanes.length);
      lanes.push({ key: `peer:${m.peerAddress}`, kind: 'peer', address: m.peerAddress, deviceId: m.deviceId });
    } else if (m.deviceId && !lanes[laneOf.get(m.peerAddress)!].deviceId) {
      lanes[laneOf.get(m.peerAddress)!].deviceId = m.deviceId;
    }
  }
  const t0 = sorted[0]?.time ?? 0;
  const steps = sorted.map<Step>((m) => {
    const peer = laneOf.get(m.peerAddress)!;
    return {
      id: m.id,
      time: m.time,
      offsetMs: m.time - t0,
      from: m.direction === 'in' ? peer : 0,
      to: m.direction === 'in' ? 0 : peer,
      label: `${methodOrStatus(m)}${m.cmdType ? ` (${m.cmdType})` : ''}`,
      tone: tone(m),
      message: m,
    };
  });
  return { lanes, steps };
}
