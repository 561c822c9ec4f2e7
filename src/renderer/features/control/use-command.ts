// Runs one command at a time for a panel and keeps what is known about the last one, worded when shown (so a change
// of language rewords it).
import { useCallback, useRef, useState } from 'react';
import type { ControlOutcome } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import type { TranslateAll } from '../../i18n';
import { outcomeText, outcomeTone } from './outcome';

export type CommandState =
  | { phase: 'sending'; what: string }
  | { phase: 'done'; what: string; outcome: ControlOutcome }
  | { phase: 'failed'; what: string; error: unknown }
  /** Something the console did itself (no device command), worded when shown. */
  | { phase: 'info'; what: string; text: (t: TranslateAll) => string };

export function commandLine(t: TranslateAll, s: CommandState): { text: string; tone: 'ok' | 'error' | 'unknown' | 'busy' } {
  if (s.phase === 'sending') return { text: t('outcome.sending', { what: s.what }), tone: 'busy' };
  if (s.phase === 'info') return { text: s.text(t), tone: 'ok' };
  if (s.phase === 'failed') return { text: t('outcome.failed', { what: s.what, message: errorText(s.error, t) }), tone: 'error' };
  return { text: outcomeText(t, s.what, s.outcome), tone: outcomeTone(s.outcome) };
}

export function useCommand() {
  const [state, setState] = useState<CommandState | null>(null);
  const seq = useRef(0);
  const run = useCallback(async (what: string, send: () => Promise<ControlOutcome>): Promise<ControlOutcome | null> => {
    const n = ++seq.current;
    setState({ phase: 'sending', what });
    try {
      const outcome = await send();
      if (n === seq.current) setState({ phase: 'done', what, outcome });
      return outcome;
    } catch (error) {
      if (n === seq.current) setState({ phase: 'failed', what, error });
      return null;
    }
  }, []);
  return { state, run, busy: state?.phase === 'sending', set: setState };
}
