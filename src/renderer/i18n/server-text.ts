// Words what the server said (a code and parameters) in the console's language; a code this console does not know
// yet falls back to the server's English sentence.
import type { ServerText, TextParams } from '../../shared/texts';
import { en, type MessageKey } from './en';
import type { Translate } from './index';

export function serverTextKey(code: string): MessageKey | null {
  const key = `srv.${code}`;
  return Object.prototype.hasOwnProperty.call(en, key) ? (key as MessageKey) : null;
}

/** `said` when the server sent one, else the plain English `fallback`. */
export function wordServerText(t: Translate, said: ServerText | undefined | null, fallback = ''): string {
  if (!said) return fallback;
  const key = serverTextKey(said.code);
  return key ? t(key, wordParams(t, said.params)) : said.text;
}

/** A parameter that is itself a sentence (the reason in "offline: …") is worded first. */
function wordParams(t: Translate, params: TextParams | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params ?? {})) out[name] = typeof v === 'object' && v !== null ? wordServerText(t, v, v.text ?? '') : v;
  return out;
}
