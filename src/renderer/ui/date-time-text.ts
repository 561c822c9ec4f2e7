// The text of a date-time field in the console's language: 2026-12-05 14:05:09 in Chinese, 12/05/2026 14:05:09
// in English, as the rest of the console writes dates. Values travel as local "YYYY-MM-DDTHH:mm[:ss]", the form
// <input type="datetime-local"> uses, so the filters' logic does not change with the field.
import type { Language } from '../i18n';

const p2 = (n: number) => String(n).padStart(2, '0');

/** Local "YYYY-MM-DDTHH:mm[:ss]" -> what the field shows; '' for ''. */
export function localValueToText(value: string, language: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return '';
  const [, y, mo, d, h, mi, s = '00'] = m;
  return language === 'zh-CN' ? `${y}-${mo}-${d} ${h}:${mi}:${s}` : `${mo}/${d}/${y} ${h}:${mi}:${s}`;
}

/**
 * What was typed -> local "YYYY-MM-DDTHH:mm:ss"; '' for an empty field; undefined when it is not a date.
 * Both languages take 2026-12-05 14:05[:09]; English also takes 12/05/2026 14:05[:09]; a date alone is midnight.
 */
export function textToLocalValue(text: string, language: Language): string | undefined {
  const t = text.trim();
  if (t === '') return '';
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  const us = language === 'en' ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t) : null;
  let parts: number[];
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4] ?? '0', iso[5] ?? '0', iso[6] ?? '0'].map(Number);
  else if (us) parts = [us[3], us[1], us[2], us[4] ?? '0', us[5] ?? '0', us[6] ?? '0'].map(Number);
  else return undefined;
  const [y, mo, d, h, mi, s] = parts;
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}`;
}

/** The pattern to show beside an invalid field. */
export function dateTimePattern(language: Language): string {
  return language === 'zh-CN' ? 'YYYY-MM-DD HH:mm:ss' : 'MM/DD/YYYY HH:mm:ss';
}
