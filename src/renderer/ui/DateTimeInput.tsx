// A date-time field written the way the console's language writes dates (date-time-text.ts). Chromium words
// <input type="datetime-local"> in the system's locale whatever the page's language, so the field is text, with
// the pattern as its placeholder and a sentence saying it when what was typed is not a date.
import { useEffect, useState } from 'react';
import { useLanguage, useT } from '../i18n';
import { dateTimePattern, localValueToText, textToLocalValue } from './date-time-text';

export function DateTimeInput(props: { id?: string; value: string; onChange(value: string): void }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  // The text, read in the language it was written in until the effect below rewrites it in a new one.
  const [shown, setShown] = useState(() => ({ text: localValueToText(props.value, language), language }));
  const parsed = textToLocalValue(shown.text, shown.language);
  const invalid = parsed === undefined;

  // A change of language, or a value set from outside (Clear, a preset range), rewrites the text; what is being
  // typed stays as typed.
  useEffect(() => {
    if (shown.language === language && (parsed ?? '') === props.value) return;
    setShown({ text: localValueToText(props.value, language), language });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value, language]);

  const typed = (next: string) => {
    setShown({ text: next, language });
    props.onChange(textToLocalValue(next, language) ?? '');
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
        value={shown.text}
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
