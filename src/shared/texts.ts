// A sentence the server says to the installer, as a code and parameters the console words in the chosen language,
// with the English wording beside it (logs, the HTTP API and older consoles use that).
/** A parameter may itself be a sentence (e.g. the reason inside "offline: …"), worded the same way. */
export type TextParams = { [name: string]: string | number | ServerText };

export interface ServerText {
  /** Stable name of the sentence, e.g. 'live.stalled'; the console looks up its wording by it. */
  code: string;
  params: TextParams;
  /** The English sentence. */
  text: string;
}

export function serverText(code: string, params: TextParams, text: string): ServerText {
  return { code, params, text };
}

/** The English of a detail given as a plain sentence or a coded one. */
export function textOf(s: string | { text: string }): string {
  return typeof s === 'string' ? s : s.text;
}

export function isServerText(v: unknown): v is ServerText {
  return typeof v === 'object' && v !== null && typeof (v as ServerText).code === 'string' && typeof (v as ServerText).text === 'string';
}

/**
 * What a caught exception says: its own coded sentence when it carries one (a DomainError's text), else its
 * message as the detail of a generic sentence, so a sentence it sits in is worded in the console's language.
 */
export function errorText(err: unknown): ServerText {
  const own = typeof err === 'object' && err !== null ? (err as { text?: unknown }).text : undefined;
  if (isServerText(own)) return own;
  const message = err instanceof Error ? err.message : String(err);
  return serverText('error.detail', { message }, message);
}
