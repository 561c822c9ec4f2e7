// The day timeline: recordings by type with the gaps between them, ticks, the playhead, and the range selected
// for download. Wheel zooms from the whole day down to a minute (Shift+wheel pans); click or drag seeks (or
// selects a range in selection mode); Space pauses, arrows move 5 s.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { RecordItemView } from '../../../shared/contract';
import { clockText, follow, fractionOf, panView, segmentsIn, ticks, timeAt, zoomView, type TimeRange } from './time-axis';
import { useRecT, type RecKey, type RecTranslate } from './texts';

export interface TimelineProps {
  day: string;
  range: TimeRange;
  items: readonly RecordItemView[];
  position: number | null;
  selection: TimeRange | null;
  selecting: boolean;
  onSelecting(on: boolean): void;
  onSeek(t: number): void;
  onSelect(range: TimeRange | null): void;
  onTogglePause(): void;
  onStep(bySec: number): void;
}

const KNOWN_TYPES = new Set(['time', 'alarm', 'manual']);
const typeClass = (type: string) => (KNOWN_TYPES.has(type) ? type : 'other');
export const typeLabel = (t: RecTranslate, type: string) => t(`rec.type.${typeClass(type)}` as RecKey);

export function Timeline(p: TimelineProps) {
  const t = useRecT();
  const [view, setView] = useState<TimeRange>(p.range);
  const [drag, setDrag] = useState<{ from: number; to: number; pointer: number } | null>(null);
  const [width, setWidth] = useState(800);
  const trackRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => setView(p.range), [p.range.start, p.range.end]); // eslint-disable-line react-hooks/exhaustive-deps

  // The playhead stays in sight unless the user is dragging.
  useEffect(() => {
    if (p.position !== null && !drag) setView((v) => follow(v, p.range, p.position!));
  }, [p.position, drag, p.range]);

  useEffect(() => {
    const el = trackRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 800));
    ro.observe(el);
    // Not a React listener: React's wheel listeners are passive, and the panel must not scroll while zooming.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const v = viewRef.current;
      const rect = el.getBoundingClientRect();
      const span = v.end - v.start;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
        setView(panView(v, p.range, (d / rect.width) * span));
        return;
      }
      const at = timeAt(v, (e.clientX - rect.left) / rect.width);
      setView(zoomView(v, p.range, at, e.deltaY > 0 ? 1.25 : 0.8));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      ro.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, [p.range]);

  const timeOf = (clientX: number): number => {
    const rect = trackRef.current!.getBoundingClientRect();
    return timeAt(view, (clientX - rect.left) / rect.width);
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const at = timeOf(e.clientX);
    setDrag({ from: at, to: at, pointer: e.pointerId });
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    setDrag({ ...drag, to: timeOf(e.clientX) });
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!drag || drag.pointer !== e.pointerId) return;
    const to = timeOf(e.clientX);
    setDrag(null);
    if (p.selecting) {
      const start = Math.floor(Math.min(drag.from, to));
      const end = Math.ceil(Math.max(drag.from, to));
      p.onSelect(end - start >= 1 ? { start, end } : null);
    } else {
      p.onSeek(to);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const key = e.key;
    if (key === ' ' || key === 'Spacebar') p.onTogglePause();
    else if (key === 'ArrowLeft' || key === 'ArrowDown') p.onStep(-5);
    else if (key === 'ArrowRight' || key === 'ArrowUp') p.onStep(5);
    else if (key === '+' || key === '=') setView(zoomView(view, p.range, p.position ?? (view.start + view.end) / 2, 0.5));
    else if (key === '-') setView(zoomView(view, p.range, p.position ?? (view.start + view.end) / 2, 2));
    else return;
    e.preventDefault();
  };

  const span = view.end - view.start;
  const tk = ticks(view, width);
  const seconds = tk.step < 60;
  const zoomAt = p.position !== null && p.position >= view.start && p.position <= view.end ? p.position : (view.start + view.end) / 2;
  const heading = t('rec.timeline', { day: p.day });
  const shownSel = drag && p.selecting ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) } : p.selection;
  const head = drag && !p.selecting ? drag.to : p.position;
  const pct = (x: number) => `${(x * 100).toFixed(4)}%`;
  // The day's end is midnight of the next day: shown as 24:00.
  const edgeText = (x: number, withSeconds: boolean) => (x >= p.range.end ? (withSeconds ? '24:00:00' : '24:00') : clockText(x, withSeconds));
  return (
    <section className="rec-timeline">
      <div className="rec-timeline-bar">
        <h3 id="rec-timeline-heading">{heading}</h3>
        <span className="muted small" data-testid="rec-span">
          {t('rec.span', { from: clockText(view.start, span < 600), to: edgeText(view.end, span < 600) })}
        </span>
        <span className="rec-tools">
          <button type="button" className="small" onClick={() => setView(zoomView(view, p.range, zoomAt, 0.5))} disabled={span <= 60}>
            {t('rec.zoomIn')}
          </button>
          <button type="button" className="small" onClick={() => setView(zoomView(view, p.range, zoomAt, 2))} disabled={span >= p.range.end - p.range.start}>
            {t('rec.zoomOut')}
          </button>
          <button type="button" className="small" onClick={() => setView(p.range)}>
            {t('rec.wholeDay')}
          </button>
          <button type="button" className="small" onClick={() => setView(panView(view, p.range, -span / 2))} disabled={view.start <= p.range.start}>
            {t('rec.earlier')}
          </button>
          <button type="button" className="small" onClick={() => setView(panView(view, p.range, span / 2))} disabled={view.end >= p.range.end}>
            {t('rec.later')}
          </button>
          <button type="button" className="small" aria-pressed={p.selecting} onClick={() => p.onSelecting(!p.selecting)}>
            {t('rec.selectMode')}
          </button>
        </span>
      </div>
      <div
        ref={trackRef}
        className={`rec-track${p.selecting ? ' selecting' : ''}`}
        role="slider"
        tabIndex={0}
        aria-labelledby="rec-timeline-heading"
        aria-valuemin={Math.floor(p.range.start)}
        aria-valuemax={Math.floor(p.range.end)}
        aria-valuenow={Math.floor(p.position ?? p.range.start)}
        aria-valuetext={p.position === null ? t('rec.status.idle') : clockText(p.position, true)}
        aria-describedby="rec-timeline-help"
        data-testid="rec-track"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={onKeyDown}
      >
        {segmentsIn(p.items, view).map((b, i) => (
          <div
            key={i}
            className={`rec-seg ${typeClass(b.item.type)}`}
            style={{ left: pct(b.left), width: pct(b.width) }}
            title={t('rec.segment', { type: typeLabel(t, b.item.type), from: clockText(b.item.start, true), to: clockText(b.item.end, true) })}
          />
        ))}
        {shownSel && shownSel.end > view.start && shownSel.start < view.end && (
          <div
            className="rec-selection"
            data-testid="rec-selection"
            style={{ left: pct(Math.max(0, fractionOf(view, shownSel.start))), width: pct(Math.min(1, fractionOf(view, shownSel.end)) - Math.max(0, fractionOf(view, shownSel.start))) }}
          />
        )}
        {head !== null && head >= view.start && head <= view.end && <div className="rec-playhead" data-testid="rec-playhead" style={{ left: pct(fractionOf(view, head)) }} />}
      </div>
      <div className="rec-ticks" aria-hidden="true">
        {tk.times.map((x) => {
          const f = fractionOf(view, x);
          return (
            <span key={x} style={{ left: pct(f), transform: f < 0.04 ? 'none' : f > 0.96 ? 'translateX(-100%)' : 'translateX(-50%)' }}>
              {edgeText(x, seconds)}
            </span>
          );
        })}
      </div>
      <div className="rec-legend">
        {(['time', 'alarm', 'manual'] as const).map((ty) => (
          <span key={ty}>
            <i className={`rec-swatch ${ty}`} aria-hidden="true" /> {t(`rec.type.${ty}`)}
          </span>
        ))}
        <span>
          <i className="rec-swatch gap" aria-hidden="true" /> {t('rec.gap')}
        </span>
        <span id="rec-timeline-help" className="muted small">
          {p.selecting ? t('rec.selectHelp') : t('rec.seekHelp')}
        </span>
      </div>
    </section>
  );
}
