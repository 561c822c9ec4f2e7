// The sidebar: device tree (devices -> channels) or organisation tree, with search, "offline only" and counts.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, type DragEvent, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { errorText } from '../../api/errors';
import { useNav } from '../../app/nav-store';
import { useT, type Translate } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ProblemNote } from '../../ui/Notice';
import { useVirtualFocus } from '../../ui/useVirtualFocus';
import { AlarmBadge, useAlarmWords } from '../alarms/AlarmBadge';
import { CHANNEL_DRAG_TYPE } from '../live/channel-drop';
import { startLive } from '../live/live-store';
import { startSeenRefresh, useDevices } from './device-store';
import { useFailures } from './failures-store';
import { withTail } from './names';
import { openDevice } from './open-device';
import { countOrgTree, flattenDevices, flattenOrg, onlineChannelCount, withDeviceState, type TreeRow } from './tree-rows';

const ROW_HEIGHT = 30;

export function DeviceTree() {
  const t = useT();
  const f = useFormat();
  const s = useDevices();
  const { order, channels, expanded, orgExpanded, view, offlineOnly } = s;
  const org = useMemo(() => withDeviceState(s.org, s.devices), [s.org, s.devices]);
  const query = useDeferredValue(s.query);

  useEffect(() => {
    if (useDevices.getState().listState === 'idle') void useDevices.getState().load();
    startSeenRefresh();
    // Loaded here so the Devices tab shows its problem count from the start.
    if (useFailures.getState().state === 'idle') void useFailures.getState().load();
  }, []);

  const orgCounts = useMemo(() => countOrgTree(org), [org]);
  const rows = useMemo(
    () =>
      view === 'org'
        ? flattenOrg(org, orgExpanded, { query, offlineOnly }, orgCounts)
        : flattenDevices(order, channels, expanded, { query, offlineOnly }),
    [view, org, orgExpanded, orgCounts, order, channels, expanded, query, offlineOnly],
  );

  const totals = useMemo(() => {
    let online = 0;
    let ch = 0;
    let chOnline = 0;
    for (const d of order) {
      if (d.online) online++;
      ch += d.channelCount;
      chOnline += onlineChannelCount(d);
    }
    return { online, total: order.length, ch, chOnline };
  }, [order]);

  return (
    <aside className="sidebar" aria-label={t('tree.region')}>
      <div className="tree-tools">
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('tree.view')}</legend>
          <label>
            <input type="radio" name="tree-view" checked={view === 'devices'} onChange={() => s.setView('devices')} />
            {t('tree.byDevice')}
          </label>
          <label>
            <input type="radio" name="tree-view" checked={view === 'org'} onChange={() => s.setView('org')} />
            {t('tree.byOrg')}
          </label>
        </fieldset>
        <label className="field compact">
          <span>{t('tree.search')}</span>
          <input type="text" value={s.query} placeholder={t('tree.searchHint')} onChange={(e) => s.setQuery(e.target.value)} spellCheck={false} />
        </label>
        <label className="check">
          <input type="checkbox" checked={offlineOnly} onChange={(e) => s.setOfflineOnly(e.target.checked)} />
          {t('tree.offlineOnly')}
        </label>
        <p className="tree-counts" data-testid="tree-counts">
          {t('tree.counts', { online: f.number(totals.online), total: f.number(totals.total), chOnline: f.number(totals.chOnline), ch: f.number(totals.ch) })}
        </p>
      </div>
      <TreeBody rows={rows} />
    </aside>
  );
}

function TreeBody({ rows }: { rows: TreeRow[] }) {
  const t = useT();
  const s = useDevices();
  const alarmWords = useAlarmWords();
  const setTab = useNav((n) => n.setTab);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const keyOf = useCallback((i: number) => rows[i]?.key ?? '', [rows]);
  const focus = useVirtualFocus(virtualizer, rows.length, keyOf, scrollRef);
  const indexByKey = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);

  const loadState = s.view === 'org' ? s.orgState : s.listState;
  const loadError = s.view === 'org' ? s.orgError : s.listError;

  const toggle = (row: TreeRow, open: boolean) => {
    if (row.kind === 'device' && s.view === 'devices') s.setExpanded(row.deviceId, open);
    else s.setExpanded(row.key, open);
  };
  const activate = (row: TreeRow) => {
    focus.setActiveKey(row.key);
    if (row.kind === 'device' || row.kind === 'channel') openDevice(row.deviceId, row.channelId);
    else if (row.hasChildren) toggle(row, !row.expanded);
  };

  const onKeyDown = (e: KeyboardEvent, row: TreeRow, index: number) => {
    if (focus.handleMoveKey(e, index)) return;
    if (e.key === 'ArrowRight') {
      e.preventDefault();
      if (row.hasChildren && !row.expanded) toggle(row, true);
      else if (row.expanded) focus.focusIndex(index + 1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      if (row.expanded && !row.forced) toggle(row, false);
      else if (row.parentKey) focus.focusIndex(indexByKey.get(row.parentKey) ?? index);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(row);
    }
  };

  const onDragStart = (e: DragEvent, row: TreeRow) => {
    if (!row.channelId || row.deviceOffline) {
      e.preventDefault();
      return;
    }
    e.dataTransfer.setData(CHANNEL_DRAG_TYPE, JSON.stringify({ deviceId: row.deviceId, channelId: row.channelId, name: row.name }));
    e.dataTransfer.setData('text/plain', row.channelId);
    e.dataTransfer.effectAllowed = 'copy';
  };

  const items = virtualizer.getVirtualItems();
  const tabStop = focus.tabStop(items.map((v) => rows[v.index]?.key ?? ''));
  const selectedKey = s.selectedChannelId ? null : s.selectedDeviceId;

  return (
    <div className="tree-scroll" ref={scrollRef}>
      {loadState === 'error' && (
        <div className="tree-message">
          <ProblemNote testId="tree-problem">{errorText(loadError, t)}</ProblemNote>
          <button type="button" onClick={() => (s.view === 'org' ? void s.loadOrg() : void s.load())}>
            {t('tree.retry')}
          </button>
        </div>
      )}
      {loadState === 'loading' && rows.length === 0 && <p className="tree-message muted">{t('tree.loading')}</p>}
      {loadState === 'ready' && rows.length === 0 && (
        <div className="tree-message">
          {s.query || s.offlineOnly ? (
            <p className="muted">{t('tree.noMatch')}</p>
          ) : (
            <>
              <p className="muted">{t('tree.empty')}</p>
              <button
                type="button"
                onClick={() => {
                  s.setPanel('setup');
                  setTab('devices');
                }}
              >
                {t('setup.heading')}
              </button>
            </>
          )}
        </div>
      )}
      <div role="tree" aria-label={t(s.view === 'org' ? 'tree.orgLabel' : 'tree.label')} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const row = rows[v.index];
          const selected = row.kind === 'channel' ? row.channelId === s.selectedChannelId && row.deviceId === s.selectedDeviceId : row.kind === 'device' && row.deviceId === selectedKey;
          return (
            <div
              key={row.key}
              data-vkey={row.key}
              role="treeitem"
              aria-level={row.level}
              aria-posinset={row.posInSet}
              aria-setsize={row.setSize}
              aria-expanded={row.hasChildren ? row.expanded : undefined}
              aria-selected={selected}
              aria-label={[rowLabel(row, t), row.kind === 'device' ? alarmWords(row.deviceId) : null].filter(Boolean).join(', ')}
              tabIndex={row.key === tabStop ? 0 : -1}
              className={`tree-row kind-${row.kind}${selected ? ' selected' : ''}${row.online === false ? ' is-offline' : ''}`}
              style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT, paddingLeft: 6 + (row.level - 1) * 18 }}
              draggable={row.channelId !== null && !row.deviceOffline}
              onDragStart={(e) => onDragStart(e, row)}
              onClick={() => activate(row)}
              onDoubleClick={() => {
                // A channel double-clicked plays in the next free tile.
                if (!row.channelId || row.online === false) return;
                setTab('live');
                // A failure shows in the tile; with every tile busy the Play button says so.
                startLive(row.deviceId, row.channelId, undefined, { name: row.name || row.channelId }).catch(() => undefined);
              }}
              onFocus={() => focus.setActiveKey(row.key)}
              onKeyDown={(e) => onKeyDown(e, row, v.index)}
            >
              <span
                className="twisty"
                aria-hidden="true"
                onClick={(e) => {
                  if (!row.hasChildren) return;
                  e.stopPropagation();
                  toggle(row, !row.expanded);
                }}
              >
                {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
              </span>
              {row.online !== null && (
                <span className={row.online ? 'status-icon on' : 'status-icon off'} aria-hidden="true">
                  {row.online ? '●' : '○'}
                </span>
              )}
              <span className="tree-name" title={`${row.name} (${row.id})${row.deviceOffline ? ` · ${t('tree.deviceOffline')}` : ''}`}>
                {row.name || row.id}
                {row.tail && row.name && <span className="id-tail mono"> …{row.tail}</span>}
              </span>
              {row.kind === 'device' && <AlarmBadge deviceId={row.deviceId} />}
              {row.counts && (
                <span className="tree-count">
                  {row.counts.online}/{row.counts.total}
                </span>
              )}
              {row.kind === 'device' && row.expanded && !s.channels.has(row.deviceId) && s.view === 'devices' && (
                <span className="muted small">{s.channelErrors.has(row.deviceId) ? t('tree.channelsFailed') : t('tree.loadingShort')}</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function rowLabel(row: TreeRow, t: Translate): string {
  const parts = [row.name && row.name !== row.id ? `${withTail(row.name, row.id, row.tail)} ${row.id}` : row.id];
  if (row.kind !== 'device' && row.kind !== 'channel') parts.push(t(`org.kind.${row.kind}`));
  if (row.online !== null) parts.push(row.online ? t('common.online') : t('common.offline'));
  if (row.deviceOffline) parts.push(t('tree.deviceOffline'));
  if (row.counts) parts.push(t('tree.channelCounts', { online: row.counts.online, total: row.counts.total }));
  return parts.join(', ');
}
