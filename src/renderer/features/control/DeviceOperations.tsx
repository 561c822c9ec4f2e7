// Commands for a device in its details: PTZ (any channel, video or not), DeviceControl, configuration, alarms and
// position, one sub-tab each.
import { useState, type KeyboardEvent } from 'react';
import { useTx, type TextKey } from '../../i18n';
import { DeviceAlarms } from '../alarms/DeviceAlarms';
import { ChannelPtz } from '../ptz/ChannelPtz';
import { ConfigPanels } from './ConfigPanels';
import { DeviceControlPanel } from './DeviceControlPanel';
import './control.css';

const SECTIONS = ['ptz', 'control', 'config', 'alarms'] as const;
type Section = (typeof SECTIONS)[number];

export function DeviceOperations({ deviceId, name, gbVersion, online }: { deviceId: string; name: string; gbVersion: string | null; online: boolean }) {
  const t = useTx();
  const [section, setSection] = useState<Section>('ptz');
  const onKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const id = SECTIONS[(next + SECTIONS.length) % SECTIONS.length];
    setSection(id);
    document.getElementById(`ops-tab-${id}`)?.focus();
  };
  return (
    <div className="details-section device-ops">
      <h3>{t('control.heading')}</h3>
      <div role="tablist" aria-label={t('control.sectionsLabel')} className="subtabs">
        {SECTIONS.map((id, i) => (
          <button
            key={id}
            id={`ops-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={section === id}
            aria-controls={`ops-panel-${id}`}
            tabIndex={section === id ? 0 : -1}
            onClick={() => setSection(id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(`control.tab.${id}` as TextKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`ops-panel-${section}`} aria-labelledby={`ops-tab-${section}`}>
        {section === 'ptz' && <ChannelPtz deviceId={deviceId} />}
        {section === 'control' && <DeviceControlPanel deviceId={deviceId} name={name} gbVersion={gbVersion} online={online} />}
        {section === 'config' && <ConfigPanels deviceId={deviceId} />}
        {section === 'alarms' && <DeviceAlarms deviceId={deviceId} />}
      </div>
    </div>
  );
}
