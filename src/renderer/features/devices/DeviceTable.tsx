// All devices as a sortable, virtualised table; the sidebar's search and "offline only" apply here too.
import { useDeferredValue, useMemo, useState } from 'react';
import { createColumnHelper, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import type { DeviceSummary } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { Badge, ProblemNote } from '../../ui/Notice';
import { useNow } from '../../ui/useNow';
import { useWidth } from '../../ui/useWidth';
import { VirtualTable, type ColumnMeta } from '../../ui/VirtualTable';
import { useDevices } from './device-store';
import { openDevice } from './open-device';
import { filterDevices, onlineChannelCount } from './tree-rows';

const col = createColumnHelper<DeviceSummary>();

export function DeviceTable() {
  const t = useT();
  const f = useFormat();
  const now = useNow();
  const { order, channels, offlineOnly, listState, listError, selectedDeviceId, load } = useDevices();
  const query = useDeferredValue(useDevices((s) => s.query));
  const [sorting, setSorting] = useState<SortingState>([]);
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  // Columns that do not fit next to the details panel are left to the details panel.
  const columnVisibility = { address: width === 0 || width >= 650, lastSeen: width === 0 || width >= 545, channels: width === 0 || width >= 450 };
  const data = useMemo(() => filterDevices(order, channels, { query, offlineOnly }), [order, channels, query, offlineOnly]);

  const columns = useMemo(
    () => [
      col.accessor('online', {
        header: () => t('devices.col.status'),
        cell: (c) => <Badge online={c.getValue()} onText={t('common.online')} offText={t('common.offline')} />,
        meta: { width: '72px' } satisfies ColumnMeta,
      }),
      col.accessor('name', {
        header: () => t('devices.col.name'),
        cell: (c) => <span className="ellipsis" title={c.getValue()}>{c.getValue() || '—'}</span>,
        meta: { width: 'minmax(90px, 1fr)' } satisfies ColumnMeta,
      }),
      col.accessor('deviceId', {
        header: () => t('devices.col.id'),
        cell: (c) => <code>{c.getValue()}</code>,
        meta: { width: '162px' } satisfies ColumnMeta,
      }),
      col.accessor('address', {
        header: () => t('devices.col.address'),
        cell: (c) => (
          <span className="ellipsis" title={c.getValue()}>
            {c.row.original.transport} {c.getValue()}
          </span>
        ),
        meta: { width: 'minmax(100px, 1fr)' } satisfies ColumnMeta,
      }),
      col.accessor((d) => onlineChannelCount(d), {
        id: 'channels',
        header: () => t('devices.col.channels'),
        cell: (c) => `${onlineChannelCount(c.row.original)}/${c.row.original.channelCount}`,
        meta: { width: '70px', className: 'num' } satisfies ColumnMeta,
      }),
      col.accessor((d) => d.lastSeenAt ?? 0, {
        id: 'lastSeen',
        header: () => t('devices.col.lastSeen'),
        cell: (c) => <span title={f.dateTime(c.row.original.lastSeenAt)}>{f.ago(c.row.original.lastSeenAt, now)}</span>,
        meta: { width: '84px' } satisfies ColumnMeta,
      }),
    ],
    [t, f, now],
  );

  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnVisibility },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (d) => d.deviceId,
  });

  const empty =
    listState === 'error' ? (
      <div className="table-message">
        <ProblemNote testId="devices-problem">{errorText(listError, t)}</ProblemNote>
        <button type="button" onClick={() => void load()}>
          {t('devices.reload')}
        </button>
      </div>
    ) : listState === 'ready' ? (
      <p className="table-message muted">{order.length === 0 ? t('devices.none') : t('tree.noMatch')}</p>
    ) : (
      <p className="table-message muted">{t('tree.loading')}</p>
    );

  return (
    <div className="device-list" ref={wrapRef}>
      <VirtualTable
        table={table}
        label={t('devices.tableLabel')}
        onOpen={(d) => openDevice(d.deviceId)}
        selectedId={selectedDeviceId}
        rowLabel={(d) => `${d.name || d.deviceId} ${d.deviceId}, ${d.online ? t('common.online') : t('common.offline')}`}
        empty={empty}
        rowHeight={32}
      />
    </div>
  );
}
