// The joystick: eight directions around a stop, zoom / focus / iris -/+, one speed. Hold to move, release to stop.
import type { FocusEvent, ReactNode } from 'react';
import { errorText } from '../../api/errors';
import { useTx, type TranslateAll } from '../../i18n';
import { outcomeText } from '../control/outcome';
import { holdButtonHandlers } from './bindings';
import { directionAction, DIRECTIONS, type Direction, type HoldAction, type HoldReport } from './hold';
import { usePtzPad, usePtzSpeed } from './use-ptz-pad';
import './ptz.css';

const ARROW: Record<Direction, string> = { upLeft: '↖', up: '↑', upRight: '↗', left: '←', right: '→', downLeft: '↙', down: '↓', downRight: '↘' };

export interface PtzPadProps {
  deviceId: string;
  channelId: string;
  name: string;
  compact?: boolean;
  /** A line shown under the pad instead of the last hold's outcome (e.g. a drag zoom's). */
  extra?: ReactNode;
  pad?: ReturnType<typeof usePtzPad>;
}

export function PtzPad(props: PtzPadProps) {
  const own = usePtzPad({ deviceId: props.deviceId, channelId: props.channelId });
  return <PadView {...props} pad={props.pad ?? own} />;
}

function PadView({ name, compact, extra, pad }: PtzPadProps & { pad: ReturnType<typeof usePtzPad> }) {
  const t = useTx();
  const { speed, setSpeed } = usePtzSpeed();
  const { hold, keys, report } = pad;
  const button = (action: HoldAction, label: string, text: string, cls = '') => (
    <button type="button" className={`ptz-btn ${cls}`} aria-label={label} title={label} {...holdButtonHandlers(hold, action, pad.speed)}>
      {text}
    </button>
  );
  const onBlur = (e: FocusEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) keys.onBlur();
  };
  return (
    <div
      role="group"
      aria-label={t('ptz.padLabel', { name })}
      className={`ptz-pad${compact ? ' compact' : ''}`}
      onKeyDown={keys.onKeyDown}
      onKeyUp={keys.onKeyUp}
      onBlur={onBlur}
    >
      <div className="ptz-dirs">
        {DIRECTIONS.slice(0, 4).map((d) => button(directionAction(d), t(`ptz.dir.${d}`), ARROW[d]))}
        <button type="button" className="ptz-btn ptz-stop" aria-label={compact ? t('ptz.stop') : undefined} title={t('ptz.stop')} onClick={() => hold.stopAll()}>
          {compact ? '■' : t('ptz.stop')}
        </button>
        {DIRECTIONS.slice(4).map((d) => button(directionAction(d), t(`ptz.dir.${d}`), ARROW[d]))}
      </div>
      <div className="ptz-lens">
        <span>{t('ptz.zoom')}</span>
        {button({ kind: 'move', pan: 0, tilt: 0, zoom: -1 }, t('ptz.zoomOut'), '−')}
        {button({ kind: 'move', pan: 0, tilt: 0, zoom: 1 }, t('ptz.zoomIn'), '+')}
        <span>{t('ptz.focus')}</span>
        {button({ kind: 'focus', dir: 'near' }, t('ptz.focusNear'), '−')}
        {button({ kind: 'focus', dir: 'far' }, t('ptz.focusFar'), '+')}
        <span>{t('ptz.iris')}</span>
        {button({ kind: 'iris', dir: 'close' }, t('ptz.irisClose'), '−')}
        {button({ kind: 'iris', dir: 'open' }, t('ptz.irisOpen'), '+')}
      </div>
      <label className="ptz-speed">
        <span>
          {t('ptz.speed')} {speed}
        </span>
        <input type="range" min={1} max={100} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} />
      </label>
      <p className="ptz-status" role="status" data-testid="ptz-status">
        {extra ?? (report ? reportText(t, report) : compact ? '' : t('ptz.hint'))}
      </p>
    </div>
  );
}

function reportText(t: TranslateAll, r: HoldReport): string {
  const what = r.what === 'start' ? t('ptz.moving') : t('ptz.stop');
  if ('error' in r) return t('outcome.failed', { what, message: errorText(r.error, t) });
  if (r.what === 'start' && r.outcome.sent) return t('ptz.moving');
  if (r.what === 'stop' && r.outcome.sent) return t('ptz.stopped');
  return outcomeText(t, what, r.outcome);
}
