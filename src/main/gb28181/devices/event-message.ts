// How a history row's sentence is kept in the store's one `message` column: the English sentence, then (for a
// coded one) a unit separator and its code and parameters as JSON. A row without them (stored before, or a
// plain sentence) reads as its English text alone; the column needs no migration in any engine.
import type { DeviceEvent } from '../../../shared/types/devices';
import type { ServerText, TextParams } from '../../../shared/texts';

const SEPARATOR = '\u001f';

export function encodeEventMessage(said: ServerText | string): string {
  if (typeof said === 'string') return said;
  return `${said.text}${SEPARATOR}${JSON.stringify({ code: said.code, params: said.params })}`;
}

export function decodeEventMessage(time: number, stored: string): DeviceEvent {
  const said = decodeSentence(stored);
  return typeof said === 'string' ? { time, message: said } : { time, message: said.text, text: said };
}

/** A stored sentence as it was said: coded, or its English alone. */
export function decodeSentence(stored: string): ServerText | string {
  const at = stored.lastIndexOf(SEPARATOR);
  if (at < 0) return stored;
  const message = stored.slice(0, at);
  const coded = parse(stored.slice(at + 1));
  return coded ? { ...coded, text: message } : message;
}

/** Two sentences say the same (same English, code and parameters). */
export function sameSentence(a: ServerText | string | null, b: ServerText | string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return encodeEventMessage(a) === encodeEventMessage(b);
}

function parse(json: string): { code: string; params: TextParams } | null {
  try {
    const v = JSON.parse(json) as { code?: unknown; params?: unknown };
    if (typeof v.code !== 'string' || typeof v.params !== 'object' || v.params === null || Array.isArray(v.params)) return null;
    return { code: v.code, params: v.params as TextParams };
  } catch {
    return null;
  }
}
