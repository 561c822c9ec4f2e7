import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { saveApiToken } from '../api/http-bridge';
import { AlarmsTab } from '../features/alarms/AlarmsTab';
import { AlarmToasts } from '../features/alarms/AlarmToasts';
import { DevicesTab } from '../features/devices/DevicesTab';
import { DeviceTree } from '../features/devices/DeviceTree';
import { useDevices } from '../features/devices/device-store';
import { OfflineToast } from '../features/devices/OfflineToast';
import { LiveTab, type PickedChannel } from '../features/live/LiveTab';
import { RecordingsTab } from '../features/recordings/RecordingsTab';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SignallingTab } from '../features/signalling/SignallingTab';
import { StatusPage } from '../features/status/StatusPage';
import { useLanguage, useT, useTx, type Language, type TextKey } from '../i18n';
import { MAIN_TABS, useNav, type MainTab } from './nav-store';
import { useServer } from './server-store';
import { StatusBar } from './StatusBar';
import { THEMES, useTheme, type Theme } from './theme';

const TAB_LABEL: Record<MainTab, TextKey> = {
  live: 'tab.live',
  recordings: 'tab.recordings',
  devices: 'tab.devices',
  alarms: 'tab.alarms',
  signalling: 'tab.signalling',
  server: 'tab.status',
  settings: 'tab.settings',
};

export function App() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const { status, error, load } = useServer();
  const { theme, setTheme } = useTheme();

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <label className="lang">
          {t('theme.label')}
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} aria-label={t('theme.label')}>
            {THEMES.map((x) => (
              <option key={x} value={x}>
                {t(`theme.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="lang">
          {t('lang.label')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} aria-label={t('lang.label')}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
      </header>
      {error ? (
        <main className="main solo">
          <ErrorPanel message={error} />
        </main>
      ) : !status ? (
        <main className="main solo">
          <p role="status">{t('status.loading')}</p>
        </main>
      ) : (
        <Workspace />
      )}
      <StatusBar />
      {status && !error && <AlarmToasts />}
      {status && !error && <OfflineToast />}
    </div>
  );
}

function Workspace() {
  const t = useT();
  const tx = useTx();
  const { tab, setTab } = useNav();
  // Panels stay mounted once opened (hidden when not shown), so the log keeps its place (its live tail resumes
  // with what was stored meanwhile).
  const [opened, setOpened] = useState<ReadonlySet<MainTab>>(() => new Set([tab]));
  const refs = useRef<Partial<Record<MainTab, HTMLButtonElement | null>>>({});
  useEffect(() => {
    setOpened((o) => (o.has(tab) ? o : new Set(o).add(tab)));
  }, [tab]);

  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? MAIN_TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const id = MAIN_TABS[(next + MAIN_TABS.length) % MAIN_TABS.length];
    setTab(id);
    refs.current[id]?.focus();
  };

  const picked = usePickedChannel();
  const panel = (id: MainTab) => {
    switch (id) {
      case 'live':
        return <LiveTab picked={picked} />;
      case 'recordings':
        return <RecordingsTab />;
      case 'devices':
        return <DevicesTab />;
      case 'alarms':
        return <AlarmsTab />;
      case 'signalling':
        return <SignallingTab />;
      case 'server':
        return <StatusPage />;
      case 'settings':
        return <SettingsPage />;
    }
  };

  return (
    <div className="workspace">
      <DeviceTree />
      <main className="main">
        <div role="tablist" aria-label={t('nav.main')} className="main-tabs">
          {MAIN_TABS.map((id, i) => (
            <button
              key={id}
              ref={(el) => {
                refs.current[id] = el;
              }}
              role="tab"
              id={`tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => setTab(id)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {tx(TAB_LABEL[id])}
            </button>
          ))}
        </div>
        {MAIN_TABS.filter((id) => opened.has(id) || id === tab).map((id) => (
          <div key={id} role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={tab !== id} className={`tab-panel panel-${id}`}>
            {panel(id)}
          </div>
        ))}
      </main>
    </div>
  );
}

/** The channel selected in the device tree, offered to the Live tab. */
function usePickedChannel(): PickedChannel | null {
  const deviceId = useDevices((s) => s.selectedDeviceId);
  const channelId = useDevices((s) => s.selectedChannelId);
  const channels = useDevices((s) => (deviceId ? s.channels.get(deviceId) : undefined));
  const deviceOffline = useDevices((s) => (deviceId ? s.devices.get(deviceId)?.online === false : false));
  return useMemo(() => {
    if (!deviceId || !channelId) return null;
    const name = channels?.find((c) => c.channelId === channelId)?.name || channelId;
    return { deviceId, channelId, name, deviceOffline };
  }, [deviceId, channelId, channels, deviceOffline]);
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
