import { useCallback } from 'react';
import { create } from 'zustand';
import { controlEn, type ControlMessageKey } from './control-en';
import { controlZh } from './control-zh';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Language = 'en' | 'zh-CN';
const LANG_KEY = 'gb.language';
/** Every key the console words: the main dictionary and the PTZ / control / alarm one. */
export type TextKey = MessageKey | ControlMessageKey;
const english: Record<TextKey, string> = { ...en, ...controlEn };
const dictionaries: Record<Language, Record<TextKey, string>> = { en: english, 'zh-CN': { ...zh, ...controlZh } };

function initialLanguage(): Language {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

interface LanguageState {
  language: Language;
  setLanguage(lang: Language): void;
}

export const useLanguage = create<LanguageState>((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    localStorage.setItem(LANG_KEY, language);
    document.documentElement.lang = language;
    set({ language });
  },
}));

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
/** A Translate that also knows the PTZ / control / alarm keys (it fits wherever a Translate is asked for). */
export type TranslateAll = (key: TextKey, vars?: Record<string, string | number>) => string;

export function translate(language: Language, key: TextKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[language][key] ?? english[key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export function useT(): Translate {
  return useTx();
}

/** The key's singular form ("<key>.one") for a count of 1 when there is one; otherwise the key (Chinese words both alike). */
export function countKey(n: number, key: MessageKey): MessageKey {
  const one = `${key}.one`;
  return n === 1 && one in en ? (one as MessageKey) : key;
}

export function useTx(): TranslateAll {
  const language = useLanguage((s) => s.language);
  return useCallback<TranslateAll>((key, vars) => translate(language, key, vars), [language]);
}
