import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAFFIC_MIX } from '../../../../shared/domain/siteTraffic';
import { parseTrafficRate, trafficStateText } from './siteTrafficText';

describe('site traffic words', () => {
  it('reads the rate field, saying what is wrong with it', () => {
    expect(parseTrafficRate(' 200 ')).toEqual({ rate: 200 });
    expect(parseTrafficRate('2.5')).toEqual({ rate: 2.5 });
    expect(parseTrafficRate('')).toEqual({ problem: 'Enter how many events per second.' });
    expect(parseTrafficRate('fast')).toEqual({ problem: 'Enter a number of events per second, e.g. 200.' });
    expect(parseTrafficRate('0')).toEqual({ problem: 'Enter a rate above 0.' });
    expect(parseTrafficRate('9000')).toEqual({ problem: 'At most 5,000 events per second.' });
  });

  it('says whether the stream runs and how much it made', () => {
    const base = { mix: { ...DEFAULT_TRAFFIC_MIX }, startedAt: null };
    expect(trafficStateText({ ...base, running: true, rate: 500, startedAt: 1, generated: 12_345 })).toBe('Running at 500 events/s · 12,345 events so far');
    expect(trafficStateText({ ...base, running: false, rate: 0, generated: 0 })).toBe('Stopped');
    expect(trafficStateText({ ...base, running: false, rate: 0, generated: 1 })).toBe('Stopped · the last stream made 1 event');
  });
});
