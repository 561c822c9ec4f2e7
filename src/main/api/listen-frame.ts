// The text frames an ?optin=1 client sends on /api/events (and the console window over IPC): {"listen": [...]} and/or {"unlisten": [...]} naming
// opt-in events (shared/contract.ts). Anything else is refused with a reason the client can show; the socket is
// then closed (1008, policy violation).
import { OPT_IN_EVENTS, isOptInEvent, type OptInEventName } from '../../shared/contract';

export const MAX_LISTEN_FRAME_BYTES = 1024;

export type ListenFrame = { listen: OptInEventName[]; unlisten: OptInEventName[] } | { refused: string };

export function parseListenFrame(data: Buffer | string, isBinary: boolean): ListenFrame {
  if (isBinary) return { refused: 'send listen frames as text' };
  const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (length > MAX_LISTEN_FRAME_BYTES) return { refused: `a listen frame is at most ${MAX_LISTEN_FRAME_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return { refused: 'a listen frame is JSON: {"listen": [...]} or {"unlisten": [...]}' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { refused: 'a listen frame is a JSON object' };
  const out = { listen: [] as OptInEventName[], unlisten: [] as OptInEventName[] };
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'listen' && key !== 'unlisten') return { refused: `unknown field "${key.slice(0, 20)}" in a listen frame` };
    if (!Array.isArray(list)) return { refused: `"${key}" is a list of event names` };
    for (const name of list) {
      if (typeof name !== 'string' || !isOptInEvent(name)) return { refused: `only ${OPT_IN_EVENTS.join(', ')} can be listened for` };
      out[key].push(name);
    }
  }
  return out;
}
