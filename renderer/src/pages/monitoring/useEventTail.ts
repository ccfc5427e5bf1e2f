import { useCallback, useMemo, useState } from 'react';
import type { StoredEvent } from '../../../dbhost/schema';
import { useLiveQuery } from '../../data/useLiveQuery';

/**
 * The newest events the real-time log keeps: a window, not the table. However many events the
 * log holds and however fast they arrive, each change reads at most this many rows.
 */
export const EVENT_WINDOW = 500;

export interface EventTail {
  /** Newest first; null until the first read. */
  rows: readonly StoredEvent[] | null;
  paused: boolean;
  /** While paused: events stored since the pause (not only those the window would show). */
  newSincePause: number;
  pause(): void;
  resume(): void;
  /** Hides every event shown so far; later ones appear as they come. */
  clear(): void;
  error: string | null;
}

/**
 * The real-time log's data: the newest EVENT_WINDOW events, live. Pausing stops the list's live
 * query, so the rows shown stay exactly as they were, and counts what arrives meanwhile with a
 * key-range count instead. Clear view moves a floor (a seq) up to the newest row shown; the view
 * lives here, nothing is deleted from the log.
 */
export function useEventTail(limit = EVENT_WINDOW): EventTail {
  const [floorSeq, setFloorSeq] = useState(0);
  const [pausedAtSeq, setPausedAtSeq] = useState<number | null>(null);
  const paused = pausedAtSeq !== null;

  // A null key stops the query and keeps its last answer: that is the frozen list.
  const list = useLiveQuery(paused ? null : `events:${floorSeq}:${limit}`, (reader) => reader.newestEvents(floorSeq, limit));
  const arrived = useLiveQuery(pausedAtSeq === null ? null : `eventsAfter:${pausedAtSeq}`, (reader) => reader.countEventsAfter(pausedAtSeq ?? 0));

  // The frozen answer may be from before a Clear view made while paused.
  const rows = useMemo(() => list.value?.filter((event) => event.seq > floorSeq) ?? null, [list.value, floorSeq]);
  const newestShown = rows?.[0]?.seq ?? floorSeq;

  const pause = useCallback(() => setPausedAtSeq(newestShown), [newestShown]);
  const resume = useCallback(() => setPausedAtSeq(null), []);
  const clear = useCallback(() => setFloorSeq(newestShown), [newestShown]);

  return {
    rows,
    paused,
    // A count from an earlier pause is not this pause's.
    newSincePause: paused && arrived.key === `eventsAfter:${pausedAtSeq}` ? (arrived.value ?? 0) : 0,
    pause,
    resume,
    clear,
    error: list.error ?? arrived.error,
  };
}
