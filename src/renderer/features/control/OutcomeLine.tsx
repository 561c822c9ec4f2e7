import { useTx } from '../../i18n';
import { commandLine, type CommandState } from './use-command';

/** The last command's outcome as one polite status line. */
export function OutcomeLine({ state, testId }: { state: CommandState | null; testId?: string }) {
  const t = useTx();
  const line = state ? commandLine(t, state) : null;
  return (
    <p role="status" className={`outcome-line${line ? ` tone-${line.tone}` : ''}`} data-testid={testId}>
      {line?.text ?? ''}
    </p>
  );
}
