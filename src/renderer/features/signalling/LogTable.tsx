// The signalling log as a virtualised table, newest first; scrolling away from the top pauses the live tail.
import { useEffect, useMemo, useRef } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { LogMessage } from '../../../shared/contract';
import { errorText } from '../../api/errors';
import { countKey, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { ProblemNote } from '../../ui/Notice';
import { useWidth } from '../../ui/useWidth';
import { VirtualTable, type ColumnMeta } from '../../ui/VirtualTable';
import { methodOrStatus, statusTone } from './describe-message';
import { useLog } from './log-store';

const col = createColumnHelper<LogMessage>();
const ROW = 28;
/** Table widths (px, with the scrollbar) below which a column is left to the message detail. */
const DROP_BELOW = { callId: 920, size: 812, cmdType: 748, peerAddress: 628 };

function visibleColumns(width: number): Record<keyof typeof DROP_BELOW, boolean> {
  const fits = (min: number) => width === 0 || width >= min;
  return { callId: fits(DROP_BELOW.callId), size: fits(DROP_BELOW.size), cmdType: fits(DROP_BELOW.cmdType), peerAddress: fits(DROP_BELOW.peerAddress) };
}

export function LogTable() {
  const t = useT();
  const f = useFormat();
  const s = useLog();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizerRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const [wrapRef, width] = useWidth<HTMLDivElement>();

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [s.scrollToTopSeq]);

  const columns = useMemo(
    () => [
      col.accessor('time', { header: () => t('log.col.time'), cell: (c) => f.timeMs(c.getValue()), meta: { width: '104px', className: 'mono' } satisfies ColumnMeta }),
      col.accessor('direction', {
        header: () => <span title={t('log.col.direction')}>⇄</span>,
        cell: (c) => (
          <span title={t(c.getValue() === 'in' ? 'log.dir.in' : 'log.dir.out')} className={`dir dir-${c.getValue()}`}>
            <span aria-hidden="true">{c.getValue() === 'in' ? '←' : '→'}</span>
            <span className="visually-hidden">{t(c.getValue() === 'in' ? 'log.dir.in' : 'log.dir.out')}</span>
          </span>
        ),
        meta: { width: '28px' } satisfies ColumnMeta,
      }),
      col.accessor('peerAddress', {
        header: () => t('log.col.peer'),
        cell: (c) => (
          <span className="ellipsis" title={`${c.row.original.transport} ${c.getValue()}`}>
            {c.getValue()}
          </span>
        ),
        meta: { width: 'minmax(120px, 0.9fr)', className: 'mono' } satisfies ColumnMeta,
      }),
      col.display({
        id: 'what',
        header: () => t('log.col.method'),
        cell: (c) => <span className={`ellipsis ${statusTone(c.row.original)}`}>{methodOrStatus(c.row.original)}</span>,
        meta: { width: 'minmax(140px, 0.9fr)' } satisfies ColumnMeta,
      }),
      col.accessor('cmdType', { header: () => t('log.col.cmdType'), cell: (c) => c.getValue() ?? '', meta: { width: '112px' } satisfies ColumnMeta }),
      col.accessor('deviceId', { header: () => t('log.col.device'), cell: (c) => c.getValue() ?? '', meta: { width: '168px', className: 'mono' } satisfies ColumnMeta }),
      col.accessor('callId', {
        header: () => t('log.col.callId'),
        cell: (c) => (
          <span className="ellipsis" title={c.getValue() ?? ''}>
            {c.getValue() ?? ''}
          </span>
        ),
        meta: { width: 'minmax(100px, 0.8fr)', className: 'mono' } satisfies ColumnMeta,
      }),
      col.accessor('size', { header: () => t('log.col.size'), cell: (c) => f.number(c.getValue()), meta: { width: '56px', className: 'num' } satisfies ColumnMeta }),
    ],
    [t, f],
  );

  const table = useReactTable({
    data: s.messages as LogMessage[],
    columns,
    state: { columnVisibility: visibleColumns(width) },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (m) => String(m.id),
  });

  const onScroll = (el: HTMLDivElement) => {
    const away = el.scrollTop > ROW;
    if (away !== useLog.getState().paused) useLog.getState().setPaused(away);
    if (el.scrollTop + el.clientHeight > el.scrollHeight - ROW * 8) void useLog.getState().loadOlder();
  };

  const stopped = s.hasMore && s.searchedTo !== null;
  // Where a stopped search got to, by the time of the message it reached when the server said.
  const stoppedText = (key: 'log.stoppedEmpty' | 'log.stoppedMore') =>
    s.searchedToTime !== null ? t(`${key}Since`, { time: f.dateTime(s.searchedToTime) }) : t(key);
  const olderProblem =
    s.olderState === 'error' ? (
      <ProblemNote>{errorText(s.olderError, t)}</ProblemNote>
    ) : s.olderState === 'stalled' ? (
      <ProblemNote testId="log-stalled">{t('log.stalled')}</ProblemNote>
    ) : null;
  // A stopped search names what it did not do yet; its button says what it does next.
  const olderButton = (
    <button type="button" className="small" onClick={() => void s.loadOlder()} disabled={s.olderState === 'loading' || s.olderState === 'stalled'}>
      {s.olderState === 'loading' ? t('tree.loading') : t(stopped ? 'log.searchFurther' : 'log.older')}
    </button>
  );

  const empty =
    s.state === 'error' ? (
      <div className="table-message">
        <ProblemNote testId="log-problem">{errorText(s.error, t)}</ProblemNote>
        <button type="button" onClick={() => void s.reload()}>
          {t('log.retry')}
        </button>
      </div>
    ) : s.state === 'ready' && stopped ? (
      <div className="table-message">
        <p className="muted" role="status">{stoppedText('log.stoppedEmpty')}</p>
        {olderProblem}
        {olderButton}
      </div>
    ) : s.state === 'ready' ? (
      <p className="table-message muted">{t('log.empty')}</p>
    ) : (
      <p className="table-message muted">{t('tree.loading')}</p>
    );

  const footer =
    s.messages.length > 0 ? (
      <div className="table-footer">
        {olderProblem}
        {stopped && <span className="muted">{stoppedText('log.stoppedMore')}</span>}
        {s.hasMore ? (
          olderButton
        ) : (
          <span className="muted">{t('log.end')}</span>
        )}
      </div>
    ) : null;

  return (
    <div className="log-table" ref={wrapRef}>
      {s.paused && (
        <button type="button" className="resume" onClick={() => s.resume()}>
          {s.pending.length > 0 ? t(countKey(s.pending.length, 'log.resumeNew'), { n: s.pending.length }) : t('log.resume')}
        </button>
      )}
      <VirtualTable
        table={table}
        label={t('log.tableLabel')}
        rowHeight={ROW}
        onOpen={(m) => s.select(m.id)}
        selectedId={s.selectedId != null ? String(s.selectedId) : null}
        rowLabel={(m) =>
          `${f.timeMs(m.time)} ${t(m.direction === 'in' ? 'log.dir.in' : 'log.dir.out')} ${methodOrStatus(m)}${m.cmdType ? ` ${m.cmdType}` : ''} ${m.peerAddress}${m.deviceId ? ` ${m.deviceId}` : ''}`
        }
        empty={empty}
        footer={footer}
        onScroll={onScroll}
        scrollRef={scrollRef}
        virtualizerRef={virtualizerRef}
        totalRows={s.hasMore ? -1 : s.messages.length + 1}
      />
    </div>
  );
}
