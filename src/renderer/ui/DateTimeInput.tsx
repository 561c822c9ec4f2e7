// A date-time field written the way the console's language writes dates (date-time-text.ts). Chromium words
// <input type="datetime-local"> in the system's locale whatever the page's language, so the field is text, with
// the pattern as its placeholder and a sentence saying it when what was typed is not a date.
import { useEffect, useRef, useState } from 'react';
import { useLanguage, useT } from '../i18n';
import { dateTimePattern, localValueToText, textToLocalValue } from './date-time-text';

export function DateTimeInput(props: { id?: string; value: string; onChange(value: string): void }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const [text, setText] = useState(() => localValueToText(props.value, language));
  const [invalid, setInvalid] = useState(false);

  // A change of language, or a value set from outside (Clear, a preset range), rewrites the text; what is being
  // typed stays as typed.
  const shownIn = useRef(language);
  useEffect(() => {
    const languageChanged = shownIn.current !== language;
    shownIn.current = language;
    if (!languageChanged && (invalid ? props.value === '' : textToLocalValue(text, language) === props.value)) return;
    setText(localValueToText(props.value, language));
    setInvalid(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value, language]);

  const typed = (next: string) => {
    setText(next);
    const value = textToLocalValue(next, language);
    setInvalid(value === undefined);
    props.onChange(value ?? '');
  };
  const errorId = props.id ? `${props.id}-error` : undefined;
  return (
    <span className="date-time-input">
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        size={21}
        placeholder={dateTimePattern(language)}
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => typed(e.target.value)}
      />
      {invalid && (
        <span id={errorId} className="field-error" role="status">
          {t('date.invalid', { pattern: dateTimePattern(language) })}
        </span>
      )}
    </span>
  );
}
