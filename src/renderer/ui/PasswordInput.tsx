import { useState } from 'react';
import { useT } from '../i18n';

interface Props {
  id: string;
  value: string;
  onChange(v: string): void;
  disabled?: boolean;
  autoFocus?: boolean;
  readOnly?: boolean;
  describedBy?: string;
}

/** Password field with a reveal toggle; the toggle's name says which state it switches to. */
export function PasswordInput({ id, value, onChange, disabled, autoFocus, readOnly, describedBy }: Props) {
  const t = useT();
  const [shown, setShown] = useState(false);
  return (
    <span className="password-input">
      <input
        id={id}
        type={shown ? 'text' : 'password'}
        value={value}
        autoComplete="new-password"
        spellCheck={false}
        disabled={disabled}
        autoFocus={autoFocus}
        readOnly={readOnly}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" className="small" aria-pressed={shown} aria-controls={id} onClick={() => setShown(!shown)} disabled={disabled}>
        {shown ? t('setup.hidePassword') : t('setup.showPassword')}
      </button>
    </span>
  );
}
