import { useCallback, useState, type RefCallback, type UIEvent } from 'react';
import { windowRange, type RowWindow } from './windowRange';

interface Viewport {
  top: number;
  height: number;
}

export interface ScrollViewport {
  /** A callback ref for the scrolling element (whenever it mounts: a table may appear after loading). */
  attachScroller: RefCallback<HTMLDivElement>;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
  /** The rows to render for a list of `count` rows, [start, end). */
  windowFor(count: number): RowWindow;
}

/**
 * Fixed-height windowed rendering, our own (a few lines) rather than a library: every table
 * here has one row height, so nothing needs measuring. Re-renders only when the first visible
 * row or the viewport height changes, never per scroll pixel.
 */
export function useScrollViewport(rowHeight: number, overscan = 12): ScrollViewport {
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 800 });

  const attachScroller = useCallback((element: HTMLDivElement | null) => {
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setViewport((v) => (v.height === element.clientHeight && v.top === element.scrollTop ? v : { top: element.scrollTop, height: element.clientHeight }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(
    (event: UIEvent<HTMLDivElement>) => {
      const { scrollTop: top, clientHeight: height } = event.currentTarget;
      setViewport((v) => (Math.floor(v.top / rowHeight) === Math.floor(top / rowHeight) && v.height === height ? v : { top, height }));
    },
    [rowHeight],
  );

  const windowFor = useCallback((count: number) => windowRange(viewport.top, viewport.height, rowHeight, count, overscan), [viewport, rowHeight, overscan]);
  return { attachScroller, onScroll, windowFor };
}

/** Spacer heights around the rendered rows. */
export function spacers(window: RowWindow, count: number, rowHeight: number): { before: number; after: number } {
  return { before: window.start * rowHeight, after: Math.max(0, count - window.end) * rowHeight };
}
