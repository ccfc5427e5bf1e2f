import { MAX_TRAFFIC_RATE, type TrafficState } from '../../../../shared/domain/siteTraffic';

/** The rate field's value as events per second, or why it cannot be one. */
export function parseTrafficRate(text: string): { rate: number } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'Enter how many events per second.' };
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { problem: 'Enter a number of events per second, e.g. 200.' };
  const rate = Number(trimmed);
  if (rate <= 0) return { problem: 'Enter a rate above 0.' };
  if (rate > MAX_TRAFFIC_RATE) return { problem: `At most ${MAX_TRAFFIC_RATE.toLocaleString('en-US')} events per second.` };
  return { rate };
}

/** "Running at 500 events/s · 12,345 events so far", or "Stopped" (with what the last stream made). */
export function trafficStateText(state: TrafficState): string {
  const made = `${state.generated.toLocaleString('en-US')} ${state.generated === 1 ? 'event' : 'events'}`;
  if (state.running) return `Running at ${state.rate.toLocaleString('en-US')} events/s · ${made} so far`;
  return state.generated > 0 ? `Stopped · the last stream made ${made}` : 'Stopped';
}
