// What is known about a command, in the installer's words: sent, answered OK / ERROR, refused, or no answer.
import type { ControlOutcome } from '../../../shared/contract';
import type { TranslateAll } from '../../i18n';

export function outcomeText(t: TranslateAll, what: string, o: ControlOutcome): string {
  if (o.answered) {
    if (o.result === 'ERROR') return o.reason ? t('outcome.answeredErrorReason', { what, reason: o.reason }) : t('outcome.answeredError', { what });
    return t('outcome.answeredOk', { what });
  }
  const p = o.note?.params ?? {};
  switch (o.note?.code) {
    case 'no_answer':
      return t('outcome.noAnswer', { what, seconds: p.seconds ?? 10 });
    case 'no_response_expected':
      return t('outcome.sentOnly', { what });
    case 'refused':
      return t('outcome.refused', { what, status: p.status ?? '?' });
    case 'already_moving':
      return t('outcome.alreadyMoving', { what });
    case 'stopped':
      return t('outcome.stopped', { what });
    case 'reboot_watch':
      return t('outcome.rebootWatch', { what });
    case 'name_kept_locally':
      return t('outcome.nameLocal', { what });
  }
  return o.sent ? t('outcome.sent', { what }) : t('outcome.notSent', { what });
}

/** Good, bad, or neither (sent but unconfirmed): the line's colour. */
export function outcomeTone(o: ControlOutcome): 'ok' | 'error' | 'unknown' {
  if (o.answered) return o.result === 'ERROR' ? 'error' : 'ok';
  if (!o.sent || o.note?.code === 'no_answer') return 'error';
  return 'unknown';
}
