// Roving focus for virtualised lists: one row is in the tab order; arrow keys move focus, scrolling the row into
// view first and focusing it once the virtualiser has rendered it.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';

export function useVirtualFocus(
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  count: number,
  keyOf: (index: number) => string,
  container: RefObject<HTMLElement | null>,
) {
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const pending = useRef<string | null>(null);

  const tryFocus = useCallback(() => {
    const key = pending.current;
    if (!key || !container.current) return;
    const el = container.current.querySelector<HTMLElement>(`[data-vkey="${CSS.escape(key)}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pending.current = null;
    }
  }, [container]);

  useEffect(() => {
    tryFocus();
  });

  const focusIndex = useCallback(
    (index: number) => {
      if (count === 0) return;
      const i = Math.max(0, Math.min(count - 1, index));
      const key = keyOf(i);
      setActiveKey(key);
      pending.current = key;
      virtualizer.scrollToIndex(i, { align: 'auto' });
      requestAnimationFrame(tryFocus);
    },
    [count, keyOf, virtualizer, tryFocus],
  );

  /** Which rendered row takes Tab: the active one, or the first rendered when the active one is out of view. */
  const tabStop = (renderedKeys: string[]): string | null =>
    activeKey !== null && renderedKeys.includes(activeKey) ? activeKey : (renderedKeys[0] ?? null);

  /** Arrow/Home/End/Page keys shared by trees and tables; returns true when handled. */
  const handleMoveKey = (e: React.KeyboardEvent, index: number): boolean => {
    const page = Math.max(1, Math.floor((virtualizer.scrollElement?.clientHeight ?? 300) / (virtualizer.options.estimateSize(0) || 30)) - 1);
    const target =
      e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : e.key === 'PageDown' ? index + page : e.key === 'PageUp' ? index - page : null;
    if (target === null) return false;
    e.preventDefault();
    focusIndex(target);
    return true;
  };

  return { activeKey, setActiveKey, focusIndex, tabStop, handleMoveKey };
}
