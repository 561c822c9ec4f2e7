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
