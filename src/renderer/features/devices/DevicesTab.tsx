// The Devices tab: device list with details, registration problems, and how to configure a camera.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { CameraSetup } from './CameraSetup';
import { DeviceDetails } from './DeviceDetails';
import { DeviceTable } from './DeviceTable';
import { useDevices, type DevicesPanel } from './device-store';
import { RegistrationProblems } from './RegistrationProblems';
import { useFailures } from './failures-store';

const PANELS: { id: DevicesPanel; label: MessageKey }[] = [
  { id: 'list', label: 'devices.panel.list' },
  { id: 'problems', label: 'devices.panel.problems' },
  { id: 'setup', label: 'devices.panel.setup' },
];

export function DevicesTab() {
  const t = useT();
  const panel = useDevices((s) => s.panel);
  const setPanel = useDevices((s) => s.setPanel);
  const failures = useFailures((s) => s.failures.length);
  const loadFailures = useFailures((s) => s.load);
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    if (useFailures.getState().state === 'idle') void loadFailures();
  }, [loadFailures]);

  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? PANELS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const p = PANELS[(next + PANELS.length) % PANELS.length];
    setPanel(p.id);
    refs.current[p.id]?.focus();
  };

  return (
    <div className="devices-tab">
      <div role="tablist" aria-label={t('devices.panels')} className="subtabs">
        {PANELS.map((p, i) => (
          <button
            key={p.id}
            ref={(el) => {
              refs.current[p.id] = el;
            }}
            role="tab"
            id={`devices-tab-${p.id}`}
            aria-selected={panel === p.id}
            aria-controls={`devices-panel-${p.id}`}
            tabIndex={panel === p.id ? 0 : -1}
            onClick={() => setPanel(p.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(p.label)}
            {p.id === 'problems' && failures > 0 && <span className="pill">{failures}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`devices-panel-${panel}`} aria-labelledby={`devices-tab-${panel}`} className="devices-panel">
        {panel === 'list' && (
          <div className="split">
            <DeviceTable />
            <DeviceDetails />
          </div>
        )}
        {panel === 'problems' && <RegistrationProblems />}
        {panel === 'setup' && <CameraSetup />}
      </div>
    </div>
  );
}
