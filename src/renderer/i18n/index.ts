import { useCallback } from 'react';
import { create } from 'zustand';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Language = 'en' | 'zh-CN';
const LANG_KEY = 'gb.language';
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zh };

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

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[language][key] ?? en[key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

export function useT(): Translate {
  const language = useLanguage((s) => s.language);
  return useCallback<Translate>((key, vars) => translate(language, key, vars), [language]);
}
