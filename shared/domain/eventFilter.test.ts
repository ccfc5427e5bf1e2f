import { describe, expect, it } from 'vitest';
import { EMPTY_EVENT_FILTER, eventFilterSchema, eventMatcher, readSavedEventFilters, resolveTimeFilter, withSavedFilter, type FilterableEvent } from './eventFilter';
import { eventTypeOptions } from './eventTypes';

const NOW = 1_700_000_000_000;
const event = (change: Partial<FilterableEvent>): FilterableEvent => ({
  time: NOW - 1_000,
  kind: 'device.0x1900',
  category: 'authentication',
  level: 'warning',
  message: 'Access denied: user 42',
  deviceId: 101,
  userId: '42',
  ...change,
});

describe('event filter', () => {
  it('resolves the time: any, the last N minutes from now, or between two instants (open ends allowed)', () => {
    expect(resolveTimeFilter({ kind: 'any' }, NOW)).toEqual({ from: -Infinity, to: Infinity });
    expect(resolveTimeFilter({ kind: 'last', minutes: 60 }, NOW)).toEqual({ from: NOW - 3_600_000, to: Infinity });
    expect(resolveTimeFilter({ kind: 'between', from: 5, to: null }, NOW)).toEqual({ from: 5, to: Infinity });
  });

  it('matches when every field holds; the values of one field are alternatives; text is any case, anywhere', () => {
    expect(eventMatcher(EMPTY_EVENT_FILTER, NOW)(event({}))).toBe(true);
    const matches = eventMatcher({ ...EMPTY_EVENT_FILTER, deviceIds: [100, 101], levels: ['warning', 'error'], text: 'DENIED: USER' }, NOW);
    expect(matches(event({}))).toBe(true);
    expect(matches(event({ deviceId: 102 }))).toBe(false);
    expect(matches(event({ deviceId: null }))).toBe(false);
    expect(matches(event({ level: 'info' }))).toBe(false);
    expect(matches(event({ message: 'Door opened' }))).toBe(false);
    expect(eventMatcher({ ...EMPTY_EVENT_FILTER, userId: '42' }, NOW)(event({ userId: '420' }))).toBe(false);
    expect(eventMatcher({ ...EMPTY_EVENT_FILTER, categories: ['door'] }, NOW)(event({}))).toBe(false);
    expect(eventMatcher({ ...EMPTY_EVENT_FILTER, kinds: ['device.0x1900'] }, NOW)(event({}))).toBe(true);
    expect(eventMatcher({ ...EMPTY_EVENT_FILTER, time: { kind: 'last', minutes: 1 } }, NOW)(event({ time: NOW - 61_000 }))).toBe(false);
    expect(eventMatcher({ ...EMPTY_EVENT_FILTER, time: { kind: 'between', from: NOW - 1_000, to: NOW - 1_000 } }, NOW)(event({}))).toBe(true);
  });

  it('keeps saved filters by name: a new name is added last, the same name replaced in place', () => {
    const a = { name: 'Lobby', filter: EMPTY_EVENT_FILTER };
    const b = { name: 'Errors', filter: { ...EMPTY_EVENT_FILTER, levels: ['error' as const] } };
    const lobbyAgain = { name: 'Lobby', filter: { ...EMPTY_EVENT_FILTER, deviceIds: [7] } };
    expect(withSavedFilter(withSavedFilter([a], b), lobbyAgain)).toEqual([lobbyAgain, b]);
  });

  it('reads stored saved filters defensively: entries that do not validate are left out', () => {
    const good = { name: 'Doors', filter: { ...EMPTY_EVENT_FILTER, categories: ['door'] } };
    expect(readSavedEventFilters([good, { name: '', filter: EMPTY_EVENT_FILTER }, { name: 'x' }, 'junk'])).toEqual([good]);
    expect(readSavedEventFilters(undefined)).toEqual([]);
    expect(readSavedEventFilters({ name: 'x' })).toEqual([]);
  });

  it('refuses a filter off its bounds', () => {
    expect(eventFilterSchema.safeParse({ ...EMPTY_EVENT_FILTER, categories: ['everything'] }).success).toBe(false);
    expect(eventFilterSchema.safeParse({ ...EMPTY_EVENT_FILTER, text: 'x'.repeat(201) }).success).toBe(false);
    expect(eventFilterSchema.safeParse({ ...EMPTY_EVENT_FILTER, time: { kind: 'last', minutes: 0 } }).success).toBe(false);
    expect(eventFilterSchema.safeParse({ ...EMPTY_EVENT_FILTER, extra: true }).success).toBe(false);
  });

  it('offers every catalog code and the console’s own kinds as event types, each once, with its category', () => {
    const options = eventTypeOptions();
    expect(new Set(options.map((option) => option.kind)).size).toBe(options.length);
    expect(options).toContainEqual({ kind: 'device.0x5400', label: 'Door forced open (0x5400)', category: 'door' });
    expect(options).toContainEqual({ kind: 'deviceOrigin.saveFailed', label: 'Fail to save to the server DB', category: 'user' });
    expect(options).toContainEqual({ kind: 'sync.failed', label: 'Sync failed', category: 'sync' });
    expect(options).toContainEqual({ kind: 'device.disconnected', label: 'Device disconnected', category: 'device' });
    expect(options).toContainEqual({ kind: 'door.changed', label: 'Door changed (operator)', category: 'console' });
  });
});
