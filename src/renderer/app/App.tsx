import { useEffect, useState, type FormEvent } from 'react';
import { saveApiToken } from '../api/http-bridge';
import { StatusPage } from '../features/status/StatusPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useLanguage, useT, type Language } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { useServer } from './server-store';

type Tab = 'status' | 'settings';
const TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'status', label: 'tab.status' },
  { id: 'settings', label: 'tab.settings' },
];

export function App() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const { status, error, load } = useServer();
  const [tab, setTab] = useState<Tab>('status');

  useEffect(() => {
    document.documentElement.lang = language;
    void load();
  }, [load, language]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <nav aria-label={t('nav.main')}>
          <div role="tablist" aria-label={t('nav.main')}>
            {TABS.map((tb) => (
              <button
                key={tb.id}
                role="tab"
                id={`tab-${tb.id}`}
                aria-selected={tab === tb.id}
                aria-controls={`panel-${tb.id}`}
                onClick={() => setTab(tb.id)}
              >
                {t(tb.label)}
              </button>
            ))}
          </div>
        </nav>
        <label className="lang">
          {t('lang.label')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} aria-label={t('lang.label')}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
      </header>
      <main role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {error ? <ErrorPanel message={error} /> : !status ? <p role="status">{t('status.loading')}</p> : tab === 'status' ? <StatusPage /> : <SettingsPage />}
      </main>
    </div>
  );
}

function ErrorPanel({ message }: { message: string }) {
  const t = useT();
  const [token, setToken] = useState('');
  const needsToken = /token/i.test(message);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saveApiToken(token.trim());
    window.location.reload();
  };
  return (
    <div className="page">
      <p role="alert">{t('status.error', { message })}</p>
      {needsToken && (
        <form onSubmit={submit} aria-label={t('token.heading')}>
          <label htmlFor="api-token">{t('token.label')}</label>
          <input id="api-token" value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit">{t('token.submit')}</button>
        </form>
      )}
    </div>
  );
}
