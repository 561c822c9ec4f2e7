import type { ServerText } from '../../shared/texts';
import type { Translate } from '../i18n';
import { wordServerText } from '../i18n/server-text';

/** The installer-facing sentence for a failed API call: a localised lead for the error class, then the server's words. */
export function errorText(err: unknown, t: Translate): string {
  const said = typeof err === 'object' && err !== null && 'text' in err ? ((err as { text?: ServerText }).text ?? null) : null;
  const english = err instanceof Error ? err.message : String(err);
  // What the server said as a code and parameters, in the console's language (its English sentence otherwise).
  const message = wordServerText(t, said, english);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  switch (code) {
    case 'unavailable':
      return t('error.unavailable', { message });
    case 'timeout':
      return t('error.timeout', { message });
    case 'not_found':
      return t('error.notFound', { message });
    case 'unauthorized':
      return t('error.unauthorized', { message });
    case 'bad_request':
    case 'invalid_setting':
    case 'conflict':
      return message;
    default:
      if (err instanceof TypeError) return t('error.network', { message });
      return message;
  }
}

export function errorCode(err: unknown): string | null {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : null;
}
