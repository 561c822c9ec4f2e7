// Cruise, scan, auxiliary switches, home position and the 2022 position query / precise move of one channel.
import { useState } from 'react';
import type { CruiseAction, PtzPositionView, ScanAction } from '../../../shared/contract';
import { api } from '../../api/client';
import { useTx } from '../../i18n';
import { OutcomeLine } from '../control/OutcomeLine';
import { useCommand } from '../control/use-command';
import type { ChannelRef } from './ptz-api';

/** A whole number in [min, max] typed into a field, or null. */
export function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function NumberField({ label, value, onChange, min, max }: { label: string; value: string; onChange(v: string): void; min: number; max: number }) {
  return (
    <label className="field compact">
      <span>{label}</span>
      <input type="number" min={min} max={max} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function CruisePanel({ at }: { at: ChannelRef }) {
  const t = useTx();
  const cmd = useCommand();
  const [group, setGroup] = useState('1');
  const [preset, setPreset] = useState('1');
  const [speed, setSpeed] = useState('10');
  const [dwell, setDwell] = useState('10');
  const [points, setPoints] = useState<number[]>([]);
  const send = (action: CruiseAction, label: string, extra: { preset?: number; value?: number } = {}) => {
    const g = wholeIn(group, 0, 255);
    if (g === null) return;
    void cmd.run(label, () => api.invoke('ptz.cruise', { ...at, group: g, action, ...extra })).then((o) => {
      if (!o?.sent) return;
      if (action === 'add' && extra.preset) setPoints((p) => [...p.filter((x) => x !== extra.preset), extra.preset!]);
      if (action === 'remove') setPoints((p) => p.filter((x) => x !== extra.preset));
      if (action === 'clear') setPoints([]);
    });
  };
  const p = wholeIn(preset, 1, 255);
  const s = wholeIn(speed, 0, 4095);
  const d = wholeIn(dwell, 0, 4095);
  return (
    <fieldset>
      <legend>{t('cruise.heading')}</legend>
      <div className="row">
        <NumberField label={t('cruise.group')} value={group} onChange={setGroup} min={0} max={255} />
        <NumberField label={t('cruise.preset')} value={preset} onChange={setPreset} min={1} max={255} />
        <button type="button" disabled={p === null} onClick={() => send('add', t('cruise.add'), { preset: p! })}>
          {t('cruise.add')}
        </button>
        <button type="button" disabled={p === null} onClick={() => send('remove', t('cruise.remove'), { preset: p! })}>
          {t('cruise.remove')}
        </button>
        <button type="button" onClick={() => send('clear', t('cruise.clear'))}>
          {t('cruise.clear')}
        </button>
      </div>
      <div className="row">
        <NumberField label={t('cruise.speed')} value={speed} onChange={setSpeed} min={0} max={4095} />
        <button type="button" disabled={s === null} onClick={() => send('speed', t('cruise.setSpeed'), { value: s! })}>
          {t('cruise.setSpeed')}
        </button>
        <NumberField label={t('cruise.dwell')} value={dwell} onChange={setDwell} min={0} max={4095} />
        <button type="button" disabled={d === null} onClick={() => send('dwell', t('cruise.setDwell'), { value: d! })}>
          {t('cruise.setDwell')}
        </button>
      </div>
      <div className="row">
        <button type="button" onClick={() => send('start', t('cruise.start'))}>
          {t('cruise.start')}
        </button>
        <button type="button" onClick={() => send('stop', t('cruise.stop'))}>
          {t('cruise.stop')}
        </button>
        {points.length > 0 && <span className="muted small">{t('cruise.points', { points: points.join(' → ') })}</span>}
      </div>
      <OutcomeLine state={cmd.state} />
    </fieldset>
  );
}

export function ScanPanel({ at }: { at: ChannelRef }) {
  const t = useTx();
  const cmd = useCommand();
  const [group, setGroup] = useState('1');
  const [speed, setSpeed] = useState('10');
  const send = (action: ScanAction, label: string, value?: number) => {
    const g = wholeIn(group, 0, 255);
    if (g === null) return;
    void cmd.run(label, () => api.invoke('ptz.scan', { ...at, group: g, action, ...(value === undefined ? {} : { value }) }));
  };
  const s = wholeIn(speed, 0, 4095);
  return (
    <fieldset>
      <legend>{t('scan.heading')}</legend>
      <div className="row">
        <NumberField label={t('scan.group')} value={group} onChange={setGroup} min={0} max={255} />
        <button type="button" onClick={() => send('setLeft', t('scan.setLeft'))}>
          {t('scan.setLeft')}
        </button>
        <button type="button" onClick={() => send('setRight', t('scan.setRight'))}>
          {t('scan.setRight')}
        </button>
      </div>
      <div className="row">
        <NumberField label={t('scan.speed')} value={speed} onChange={setSpeed} min={0} max={4095} />
        <button type="button" disabled={s === null} onClick={() => send('speed', t('scan.setSpeed'), s!)}>
          {t('scan.setSpeed')}
        </button>
        <button type="button" onClick={() => send('start', t('scan.start'))}>
          {t('scan.start')}
        </button>
        <button type="button" onClick={() => send('stop', t('scan.stop'))}>
          {t('scan.stop')}
        </button>
      </div>
      <OutcomeLine state={cmd.state} />
    </fieldset>
  );
}

export function AuxHomePanel({ at }: { at: ChannelRef }) {
  const t = useTx();
  const cmd = useCommand();
  const [enabled, setEnabled] = useState(true);
  const [resetTime, setResetTime] = useState('60');
  const [preset, setPreset] = useState('1');
  const aux = (n: 1 | 2, on: boolean, label: string) => (
    <button type="button" onClick={() => void cmd.run(label, () => api.invoke('ptz.aux', { ...at, aux: n, on }))}>
      {label}
    </button>
  );
  const r = wholeIn(resetTime, 0, 86_400);
  const p = wholeIn(preset, 1, 255);
  return (
    <fieldset>
      <legend>
        {t('aux.heading')} · {t('home.heading')}
      </legend>
      <div className="row">
        {aux(1, true, t('aux.wiperOn'))}
        {aux(1, false, t('aux.wiperOff'))}
        {aux(2, true, t('aux.lightOn'))}
        {aux(2, false, t('aux.lightOff'))}
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('home.enabled')}
        </label>
        <NumberField label={t('home.resetTime')} value={resetTime} onChange={setResetTime} min={0} max={86_400} />
        <NumberField label={t('home.preset')} value={preset} onChange={setPreset} min={1} max={255} />
        <button
          type="button"
          disabled={enabled && (r === null || p === null)}
          onClick={() =>
            void cmd.run(t('home.apply'), () => api.invoke('ptz.homePosition', { ...at, enabled, ...(enabled ? { resetTime: r!, presetIndex: p! } : {}) }))
          }
        >
          {t('home.apply')}
        </button>
      </div>
      <OutcomeLine state={cmd.state} />
    </fieldset>
  );
}

export function PositionPanel({ at }: { at: ChannelRef }) {
  const t = useTx();
  const cmd = useCommand();
  const [pos, setPos] = useState<PtzPositionView | null>(null);
  const [asking, setAsking] = useState(false);
  const [pan, setPan] = useState('');
  const [tilt, setTilt] = useState('');
  const [zoom, setZoom] = useState('');
  const ask = async () => {
    setAsking(true);
    try {
      setPos(await api.invoke('ptz.position', at));
    } catch {
      setPos({ answered: false });
    } finally {
      setAsking(false);
    }
  };
  const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
  const target = { pan: num(pan), tilt: num(tilt), zoom: num(zoom) };
  const any = target.pan !== undefined || target.tilt !== undefined || target.zoom !== undefined;
  const fixed = (n: number | undefined) => (n === undefined ? '—' : String(Math.round(n * 10) / 10));
  return (
    <fieldset>
      <legend>{t('ptz.position')}</legend>
      <div className="row">
        <button type="button" onClick={() => void ask()} disabled={asking}>
          {t('ptz.positionAsk')}
        </button>
        <span data-testid="ptz-position" role="status">
          {pos ? (pos.answered ? t('ptz.positionValue', { pan: fixed(pos.pan), tilt: fixed(pos.tilt), zoom: fixed(pos.zoom) }) : t('ptz.positionNone')) : ''}
        </span>
      </div>
      <div className="row">
        <label className="field compact">
          <span>{t('ptz.precisePan')}</span>
          <input type="number" min={0} max={360} step="any" value={pan} onChange={(e) => setPan(e.target.value)} />
        </label>
        <label className="field compact">
          <span>{t('ptz.preciseTilt')}</span>
          <input type="number" min={-90} max={90} step="any" value={tilt} onChange={(e) => setTilt(e.target.value)} />
        </label>
        <label className="field compact">
          <span>{t('ptz.preciseZoom')}</span>
          <input type="number" min={1} max={1000} step="any" value={zoom} onChange={(e) => setZoom(e.target.value)} />
        </label>
        <button type="button" disabled={!any} onClick={() => void cmd.run(t('ptz.preciseGo'), () => api.invoke('ptz.precise', { ...at, ...target }))}>
          {t('ptz.preciseGo')}
        </button>
      </div>
      <OutcomeLine state={cmd.state} />
    </fieldset>
  );
}
