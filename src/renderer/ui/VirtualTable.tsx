// A virtualised table for @tanstack/react-table models: ARIA table roles, a sticky header inside the scroller
// (so columns line up with the scrollbar present), focusable rows (arrow keys move, Enter opens).
import { flexRender, type Row, type Table } from '@tanstack/react-table';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useT } from '../i18n';
import { useVirtualFocus } from './useVirtualFocus';

export interface ColumnMeta {
  /** CSS grid track for the column, e.g. '110px' or 'minmax(160px, 1fr)'. */
  width: string;
  className?: string;
}

interface Props<T> {
  table: Table<T>;
  label: string;
  rowHeight?: number;
  onOpen(row: T): void;
  selectedId?: string | null;
  /** Row label read by assistive technology (and matched by getByRole('row', {name})). */
  rowLabel?(row: T): string;
  empty?: ReactNode;
  onScroll?(el: HTMLDivElement): void;
  scrollRef?: RefObject<HTMLDivElement | null>;
  virtualizerRef?: RefObject<Virtualizer<HTMLDivElement, Element> | null>;
  /** Rows counted by aria-rowcount when only part of the data is loaded (-1: unknown). */
  totalRows?: number;
  footer?: ReactNode;
  rowClassName?(row: T): string;
}

export function VirtualTable<T>({ table, label, rowHeight = 30, onOpen, selectedId, rowLabel, empty, onScroll, scrollRef, virtualizerRef, totalRows, footer, rowClassName }: Props<T>) {
  const t = useT();
  const ownRef = useRef<HTMLDivElement>(null);
  const ref = scrollRef ?? ownRef;
  const headerRef = useRef<HTMLDivElement>(null);
  const [headerHeight, setHeaderHeight] = useState(32);
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    scrollMargin: headerHeight,
  });
  if (virtualizerRef) virtualizerRef.current = virtualizer;
  useLayoutEffect(() => {
    if (headerRef.current) setHeaderHeight(headerRef.current.offsetHeight);
  }, [t]);
  const keyOf = useCallback((i: number) => rows[i]?.id ?? '', [rows]);
  const focus = useVirtualFocus(virtualizer, rows.length, keyOf, ref);

  const columns = table.getVisibleLeafColumns();
  const template = columns.map((c) => (c.columnDef.meta as ColumnMeta | undefined)?.width ?? '1fr').join(' ');
  const items = virtualizer.getVirtualItems();
  const tabStop = focus.tabStop(items.map((v) => rows[v.index]?.id ?? ''));

  const open = (row: Row<T>) => {
    focus.setActiveKey(row.id);
    onOpen(row.original);
  };

  return (
    <div className="vtable">
      <div className="vtable-scroll" ref={ref} onScroll={onScroll ? (e) => onScroll(e.currentTarget) : undefined}>
        <div role="table" aria-label={label} aria-rowcount={totalRows ?? rows.length + 1}>
        <div role="rowgroup" className="vtable-head" ref={headerRef}>
          {table.getHeaderGroups().map((hg) => (
            <div role="row" aria-rowindex={1} key={hg.id} className="vtable-row head" style={{ gridTemplateColumns: template }}>
              {hg.headers.map((h) => {
                const sortable = h.column.getCanSort();
                const sorted = h.column.getIsSorted();
                const content = h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext());
                return (
                  <div
                    role="columnheader"
                    key={h.id}
                    aria-sort={sortable ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}
                    className={(h.column.columnDef.meta as ColumnMeta | undefined)?.className}
                  >
                    {sortable ? (
                      <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                        {content}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : (
                      content
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const row = rows[v.index];
            const selected = selectedId != null && row.id === selectedId;
            return (
              <div
                role="row"
                key={row.id}
                data-vkey={row.id}
                aria-rowindex={v.index + 2}
                aria-current={selected ? 'true' : undefined}
                aria-label={rowLabel?.(row.original)}
                tabIndex={row.id === tabStop ? 0 : -1}
                className={`vtable-row${selected ? ' selected' : ''}${rowClassName ? ` ${rowClassName(row.original)}` : ''}`}
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${v.start - virtualizer.options.scrollMargin}px)` }}
                onClick={() => open(row)}
                onFocus={() => focus.setActiveKey(row.id)}
                onKeyDown={(e) => {
                  if (focus.handleMoveKey(e, v.index)) return;
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    open(row);
                  }
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <div role="cell" key={cell.id} className={(cell.column.columnDef.meta as ColumnMeta | undefined)?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        </div>
        {rows.length === 0 && empty}
        {footer}
      </div>
    </div>
  );
}
