import type { ReactNode } from 'react';

/**
 * A problem shown in place of content (e.g. a backend answering 503). Not role=alert: it describes the state of a
 * view rather than interrupting, and several views can show one at once.
 */
export function ProblemNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="problem-note" data-testid={testId}>
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

/** The result of something the user just did that failed. */
export function ActionError({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="action-error">
      {children}
    </p>
  );
}

/** Online / offline as a coloured icon (a filled or an empty circle, so colour is not the only cue), worded for screen readers. */
export function Badge({ online, onText, offText }: { online: boolean; onText: string; offText: string }) {
  const text = online ? onText : offText;
  return (
    <span className={online ? 'status-icon on' : 'status-icon off'} title={text}>
      <span aria-hidden="true">{online ? '●' : '○'}</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

/** Indeterminate (value undefined) or determinate progress, always with a name. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return <progress aria-label={label} value={value} max={max} />;
}
