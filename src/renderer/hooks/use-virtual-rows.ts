/**
 * Fixed-height virtual rows over a scrolling element: the jobs panel and the tasks table use it.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';

/** Row height in pixels shared by the virtualised tables. */
export const VIRTUAL_ROW_HEIGHT = 30;

export interface VirtualRows {
  scroller: RefObject<HTMLDivElement | null>;
  items: VirtualItem[];
  totalSize: number;
  /** First and last row index on screen (0 when empty): the range to load. */
  first: number;
  last: number;
}

/**
 * Virtualises `count` rows of VIRTUAL_ROW_HEIGHT in the element given to `scroller`; a new
 * `resetKey` (a new query) scrolls back to the top.
 */
export function useVirtualRows(count: number, resetKey: unknown = null): VirtualRows {
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);
  // TanStack Virtual returns fresh functions each render, so the React Compiler skips this hook
  // (it says so as a warning); the app does not use the compiler, so nothing is lost.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => VIRTUAL_ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  return {
    scroller,
    items,
    totalSize: virtualizer.getTotalSize(),
    first: items[0]?.index ?? 0,
    last: items[items.length - 1]?.index ?? 0,
  };
}
