// Dates, times, sizes and durations in the chosen language; times are always the computer's local time.
import { useMemo } from 'react';
import { useLanguage, type Language } from './index';

export interface Formatters {
  /** Localised; 2025-01-31 14:05:09 in Chinese. */
  dateTime(ms: number | null | undefined): string;
  /** 14:05:09.123 — for log rows and ladders. */
  timeMs(ms: number | null | undefined): string;
  /** Date plus time with milliseconds, for message details. */
  dateTimeMs(ms: number | null | undefined): string;
  /** "in 5 min" / "3 s ago". */
  relative(ms: number | null | undefined, now?: number): string;
  /** "3 s ago", never in the future: a time the server saw (its clock may run ahead of this one) is now at the latest. */
  ago(ms: number | null | undefined, now?: number): string;
  /** "1 h 02 min 05 s", "2 min 05 s", "45 s" (小时 / 分 / 秒 in Chinese). */
  duration(sec: number): string;
  bytes(n: number): string;
  number(n: number): string;
}

const cache = new Map<Language, Formatters>();
const UNITS: Record<Language, { h: string; min: string; s: string }> = {
  en: { h: 'h', min: 'min', s: 's' },
  'zh-CN': { h: '小时', min: '分', s: '秒' },
};

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
  const units = UNITS[language];
  // Chinese dates read year-month-day with dashes (2025-01-31), not Intl's 2025/01/31.
  const dashed = (format: Intl.DateTimeFormat, ms: number) =>
    language === 'zh-CN'
      ? format
          .formatToParts(ms)
          .map((p) => (p.type === 'literal' && p.value === '/' ? '-' : p.value))
          .join('')
      : format.format(ms);
  const num = new Intl.NumberFormat(language);
  const dash = '—';
  const f: Formatters = {
    dateTime: (ms) => (ms == null ? dash : dashed(dt, ms)),
    timeMs: (ms) => (ms == null ? dash : tm.format(ms)),
    dateTimeMs: (ms) => (ms == null ? dash : dashed(dtm, ms)),
    relative(ms, now = Date.now()) {
      if (ms == null) return dash;
      const sec = Math.round((ms - now) / 1000);
      const abs = Math.abs(sec);
      if (abs < 60) return rel.format(sec, 'second');
      if (abs < 3600) return rel.format(Math.round(sec / 60), 'minute');
      if (abs < 86400) return rel.format(Math.round(sec / 3600), 'hour');
      return rel.format(Math.round(sec / 86400), 'day');
    },
    ago(ms, now = Date.now()) {
      return ms == null ? dash : f.relative(Math.min(ms, now), now);
    },
    duration(sec) {
      const s = Math.max(0, Math.floor(sec));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const r = s % 60;
      const two = (n: number) => String(n).padStart(2, '0');
      if (h > 0) return `${h} ${units.h} ${two(m)} ${units.min} ${two(r)} ${units.s}`;
      if (m > 0) return `${m} ${units.min} ${two(r)} ${units.s}`;
      return `${r} ${units.s}`;
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
