// Dates, times, sizes and durations in the chosen language; times are always the computer's local time.
import { useMemo } from 'react';
import { useLanguage, type Language } from './index';

export interface Formatters {
  /** 2025-01-31 14:05:09 style, localised. */
  dateTime(ms: number | null | undefined): string;
  /** 14:05:09.123 — for log rows and ladders. */
  timeMs(ms: number | null | undefined): string;
  /** Date plus time with milliseconds, for message details. */
  dateTimeMs(ms: number | null | undefined): string;
  /** "in 5 min" / "3 s ago". */
  relative(ms: number | null | undefined, now?: number): string;
  duration(sec: number): string;
  bytes(n: number): string;
  number(n: number): string;
}

const cache = new Map<Language, Formatters>();

export function formatters(language: Language): Formatters {
  const hit = cache.get(language);
  if (hit) return hit;
  const dt = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const tm = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });
  const dtm = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });
  const rel = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  const num = new Intl.NumberFormat(language);
  const dash = '—';
  const f: Formatters = {
    dateTime: (ms) => (ms == null ? dash : dt.format(ms)),
    timeMs: (ms) => (ms == null ? dash : tm.format(ms)),
    dateTimeMs: (ms) => (ms == null ? dash : dtm.format(ms)),
    relative(ms, now = Date.now()) {
      if (ms == null) return dash;
      const sec = Math.round((ms - now) / 1000);
      const abs = Math.abs(sec);
      if (abs < 60) return rel.format(sec, 'second');
      if (abs < 3600) return rel.format(Math.round(sec / 60), 'minute');
      if (abs < 86400) return rel.format(Math.round(sec / 3600), 'hour');
      return rel.format(Math.round(sec / 86400), 'day');
    },
    duration(sec) {
      const s = Math.max(0, Math.floor(sec));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const r = s % 60;
      const two = (n: number) => String(n).padStart(2, '0');
      return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
    },
    bytes(n) {
      if (n < 1024) return `${num.format(n)} B`;
      if (n < 1024 * 1024) return `${num.format(Math.round(n / 102.4) / 10)} KB`;
      if (n < 1024 ** 3) return `${num.format(Math.round(n / (1024 * 102.4)) / 10)} MB`;
      return `${num.format(Math.round(n / (1024 ** 2 * 102.4)) / 10)} GB`;
    },
    number: (n) => num.format(n),
  };
  cache.set(language, f);
  return f;
}

export function useFormat(): Formatters {
  const language = useLanguage((s) => s.language);
  return useMemo(() => formatters(language), [language]);
}
