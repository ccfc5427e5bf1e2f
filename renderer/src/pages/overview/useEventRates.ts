import { useEffect, useState } from 'react';
import type { EventCountRow } from '../../../../shared/domain/eventCounts';
import { MINUTE_MS } from '../../../../shared/domain/eventCounts';
import { useMasterData } from '../../data/MasterDataContext';
import { messageOf } from '../../lib/errors';
import { CHART_MINUTES } from './overviewData';

/** The chart moves every few seconds, not with every stored batch (up to ten a second under load). */
export const RATE_REFRESH_MS = 5_000;

export interface EventRates {
  /** The per-minute rows of the last hour; null until the first read. */
  rows: readonly EventCountRow[] | null;
  /** When they were read (epoch ms): the chart's "now". */
  readAt: number;
  error: string | null;
}

/**
 * The per-minute counts of the last hour, read every RATE_REFRESH_MS: at most 60 small rows
 * (the database host counts events as it stores them), whatever the rate of events.
 */
export function useEventRates(): EventRates {
  const reader = useMasterData();
  const [rates, setRates] = useState<EventRates>(() => ({ rows: null, readAt: Date.now(), error: null }));
  useEffect(() => {
    let live = true;
    const read = (): void => {
      const now = Date.now();
      reader
        .ready()
        .then(() => reader.eventCountsSince(now - CHART_MINUTES * MINUTE_MS))
        .then(
          (rows) => live && setRates({ rows, readAt: now, error: null }),
          (error: unknown) => live && setRates((previous) => ({ ...previous, error: messageOf(error) })),
        );
    };
    read();
    const timer = setInterval(read, RATE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [reader]);
  return rates;
}
