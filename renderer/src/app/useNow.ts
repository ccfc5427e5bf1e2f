import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` while `active`; for countdowns. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const timer = setInterval(tick, intervalMs);
    const first = setTimeout(tick, 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [intervalMs, active]);
  return now;
}

/** "in 12 s", "in 3 min", or "now". */
export function formatIn(targetMs: number, now: number): string {
  const seconds = Math.ceil((targetMs - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 90) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatClock(ms: number): string {
  return timeFormat.format(ms);
}
