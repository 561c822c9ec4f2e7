// PTZ on a live tile: a toggle in the tile's head, and over the picture a drag surface (drag a box to zoom, arrows
// and +/- while it has focus) with the pad docked at its right edge.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { PresetEntry } from '../../../shared/contract';
import { api } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTx } from '../../i18n';
import { outcomeText } from '../control/outcome';
import { containedPicture, dragRect, dragZoomBox, type Point, type Rect } from './drag-zoom';
import { PtzPad } from './PtzPad';
import { useTilePtz } from './tile-ptz-store';
import { usePtzPad } from './use-ptz-pad';

export interface TilePtzRef {
  key: string;
  deviceId: string;
  channelId: string;
  name: string;
}

export function PtzTileToggle({ slot }: { slot: TilePtzRef }) {
  const t = useTx();
  const open = useTilePtz((s) => s.open.has(slot.key));
  const toggle = useTilePtz((s) => s.toggle);
  return (
    <button type="button" className="small" aria-pressed={open} aria-label={t('ptz.toggleOf', { name: slot.name })} onClick={() => toggle(slot.key)}>
      {t('ptz.toggle')}
    </button>
  );
}

export function PtzTileLayer({ slot }: { slot: TilePtzRef }) {
  const open = useTilePtz((s) => s.open.has(slot.key));
  return open ? <TileLayer slot={slot} /> : null;
}

function TileLayer({ slot }: { slot: TilePtzRef }) {
  const t = useTx();
  const pad = usePtzPad(slot);
  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ start: Point; end: Point; picture: Rect } | null>(null);
  const [zoomNote, setZoomNote] = useState<string | null>(null);

  useEffect(() => surface.current?.focus(), []);

  // The tile itself focused (not one of its buttons): arrows and +/- drive the camera too.
  useEffect(() => {
    const tile = surface.current?.closest<HTMLElement>('.live-tile');
    if (!tile) return;
    const own = (e: Event) => e.target === tile;
    const down = (e: KeyboardEvent) => own(e) && pad.keys.onKeyDown(e);
    const up = (e: KeyboardEvent) => own(e) && pad.keys.onKeyUp(e);
    const blur = (e: FocusEvent) => own(e) && pad.keys.onBlur();
    tile.addEventListener('keydown', down);
    tile.addEventListener('keyup', up);
    tile.addEventListener('blur', blur);
    return () => {
      tile.removeEventListener('keydown', down);
      tile.removeEventListener('keyup', up);
      tile.removeEventListener('blur', blur);
    };
  }, [pad.keys]);

  const point = (e: PointerEvent): Point => {
    const r = surface.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const picture = (): Rect => {
    const el = surface.current!;
    const canvas = el.closest('.tile-video')?.querySelector('canvas');
    return containedPicture(el.clientWidth, el.clientHeight, canvas?.width ?? 0, canvas?.height ?? 0);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    setDrag({ start: p, end: p, picture: picture() });
  };
  const onPointerMove = (e: PointerEvent) => {
    if (drag) setDrag({ ...drag, end: point(e) });
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!drag) return;
    const done = dragZoomBox(drag.start, point(e), drag.picture);
    setDrag(null);
    if (!done) return;
    const { box, direction } = done;
    const what = t(direction === 'in' ? 'ptz.dragZoomIn' : 'ptz.dragZoomOut', { w: box.lengthX, h: box.lengthY, x: box.midPointX, y: box.midPointY, length: box.length, width: box.width });
    setZoomNote(what);
    pad.commands.dragZoom(box, direction).then(
      (o) => setZoomNote(outcomeText(t, what, o)),
      (err: unknown) => setZoomNote(t('outcome.failed', { what, message: errorText(err, t) })),
    );
  };

  const rect = drag ? dragRect(drag.start, drag.end, drag.picture) : null;
  return (
    <div className="ptz-layer">
      <div
        ref={surface}
        className="ptz-drag"
        role="application"
        tabIndex={0}
        aria-label={t('ptz.videoControl', { name: slot.name })}
        data-testid="ptz-drag"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={pad.keys.onKeyDown}
        onKeyUp={pad.keys.onKeyUp}
        onBlur={pad.keys.onBlur}
      >
        {rect && rect.width > 0 && <div className={`ptz-box${drag && drag.end.x < drag.start.x ? ' out' : ''}`} style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }} />}
      </div>
      <div className="ptz-dock">
        <PtzPad deviceId={slot.deviceId} channelId={slot.channelId} name={slot.name} compact pad={pad} extra={zoomNote ?? undefined} />
        <QuickPresets deviceId={slot.deviceId} channelId={slot.channelId} onNote={setZoomNote} />
      </div>
    </div>
  );
}

/** Call a preset from the tile; the list is read when the select is first opened. */
function QuickPresets({ deviceId, channelId, onNote }: { deviceId: string; channelId: string; onNote(text: string): void }) {
  const t = useTx();
  const [presets, setPresets] = useState<PresetEntry[] | null>(null);
  const load = () => {
    if (presets) return;
    setPresets([]);
    api.invoke('ptz.presets', { deviceId, channelId }).then(
      (r) => setPresets(r.presets),
      () => setPresets(null),
    );
  };
  const call = (index: number) => {
    const p = presets?.find((x) => x.index === index);
    const what = t('presets.callOf', { index, name: p?.name ?? '' }).trim();
    api.invoke('ptz.preset', { deviceId, channelId, action: 'call', index }).then(
      (o) => onNote(outcomeText(t, what, o)),
      (err: unknown) => onNote(t('outcome.failed', { what, message: errorText(err, t) })),
    );
  };
  return (
    <label className="ptz-quick">
      {t('presets.quickCall')}
      <select value="" onFocus={load} onPointerDown={load} onChange={(e) => e.target.value && call(Number(e.target.value))}>
        <option value="">{t('presets.pick')}</option>
        {presets?.map((p) => (
          <option key={p.index} value={p.index}>
            {p.index} {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
