import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '../../../dbhost/schema';
import { EVENT_PAGE, type EventKey } from '../../data/eventPages';
import type { EventQueryPlan } from '../../data/eventQueryPlan';
import { useMasterData } from '../../data/MasterDataContext';
import { messageOf } from '../../lib/errors';

/**
 * Where the Event log's reading stands: `loading` (the first page), `reading` (more rows are
 * wanted and being read; a filter that matches rarely reads on page after page, each bounded),
 * `stopped` (the operator stopped that), `more` (more can be read when the operator scrolls),
 * `done` (every matching event is shown), `error`.
 */
export type EventLogStatus = 'loading' | 'reading' | 'stopped' | 'more' | 'done' | 'error';

export interface EventLog {
  /** Newest first. */
  rows: readonly StoredEvent[];
  status: EventLogStatus;
  /** The time the reading went back to (the oldest event read), while there is more to read. */
  readBackTo: number | null;
  /** The last page stopped on its budget: matches are rare among the rows read, reading may take a while. */
  searching: boolean;
  error: string | null;
  stop(): void;
  resume(): void;
}

interface Reading {
  plan: EventQueryPlan;
  rows: StoredEvent[];
  /** undefined: nothing read yet; null: everything read. */
  next: EventKey | null | undefined;
  lastPartial: boolean;
  stopped: boolean;
  error: string | null;
}

const fresh = (plan: EventQueryPlan): Reading => ({ plan, rows: [], next: undefined, lastPartial: false, stopped: false, error: null });

/**
 * The Event log's rows for a plan, read a page at a time (keyset, eventPages.ts) while fewer than
 * `wanted` rows (what the table shows, plus a margin) are loaded. A new plan (another filter, a
 * refresh) starts over; an answer for an older plan is dropped. Not live: new events appear on
 * Refresh (the Real-time log is the live view).
 */
export function useEventLog(plan: EventQueryPlan, wanted: number): EventLog {
  const reader = useMasterData();
  const [stored, setStored] = useState<Reading>(() => fresh(plan));
  // The plan whose page is being read, so one plan never has two reads in flight.
  const inFlight = useRef<EventQueryPlan | null>(null);
  // The plan shown now: a page of an earlier one that arrives late is dropped.
  const shown = useRef(plan);
  useEffect(() => {
    shown.current = plan;
  });
  const reading = stored.plan === plan ? stored : fresh(plan);
  const wantsMore = reading.next !== null && !reading.stopped && reading.error === null && (reading.next === undefined || reading.rows.length < wanted);

  useEffect(() => {
    if (!wantsMore || inFlight.current === plan) return;
    inFlight.current = plan;
    const after = reading.next ?? null;
    const update = (change: (current: Reading) => Partial<Reading>) => {
      if (shown.current !== plan) return;
      setStored((previous) => {
        const current = previous.plan === plan ? previous : fresh(plan);
        return { ...current, ...change(current) };
      });
    };
    reader.eventPage(plan, { after, pageSize: EVENT_PAGE.size, scanBudget: EVENT_PAGE.scanBudget, deadlineMs: EVENT_PAGE.deadlineMs }).then(
      (page) => {
        if (inFlight.current === plan) inFlight.current = null;
        update((current) => ({ rows: page.rows.length === 0 ? current.rows : [...current.rows, ...page.rows], next: page.next, lastPartial: page.partial }));
      },
      (error: unknown) => {
        if (inFlight.current === plan) inFlight.current = null;
        update(() => ({ error: messageOf(error) }));
      },
    );
  }, [wantsMore, plan, reading.next, reader]);

  const stop = useCallback(() => setStored((previous) => ({ ...(previous.plan === plan ? previous : fresh(plan)), stopped: true })), [plan]);
  const resume = useCallback(() => setStored((previous) => ({ ...(previous.plan === plan ? previous : fresh(plan)), stopped: false })), [plan]);

  let status: EventLogStatus;
  if (reading.error !== null) status = 'error';
  else if (reading.next === undefined) status = 'loading';
  else if (reading.next === null) status = 'done';
  else if (reading.stopped) status = 'stopped';
  else status = wantsMore ? 'reading' : 'more';

  return { rows: reading.rows, status, readBackTo: reading.next?.time ?? null, searching: reading.lastPartial && reading.next !== null, error: reading.error, stop, resume };
}
