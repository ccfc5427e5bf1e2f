import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import { DAY_MS, DEFAULT_EVENT_RETENTION } from '../../shared/domain/eventRetention';
import { MINUTE_MS } from '../../shared/domain/eventCounts';
import { EventRetentionKeeper } from './eventRetention';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';
import { EventWriter } from './sync/syncEvents';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

let handle: InProcessStore;
beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(async () => {
  await handle.close();
});

function deviceEvent(id: number, time: number, code = '0x1000'): ConsoleEvent {
  return { time, source: 'device', kind: `device.${code}`, level: 'info', message: 'Verify success', deviceId: 7, userId: null, deviceEventId: id };
}

function consoleEventAt(time: number): ConsoleEvent {
  return { time, source: 'console', kind: 'sync.started', level: 'info', message: 'Sync', deviceId: null, userId: null, deviceEventId: null };
}

async function addEvents(count: number, time: (n: number) => number, firstId = 1): Promise<void> {
  const events = Array.from({ length: count }, (_, n) => deviceEvent(firstId + n, time(n)));
  for (let start = 0; start < events.length; start += 5_000) await handle.store.events.add(events.slice(start, start + 5_000));
}

describe('events.prune (the database host)', () => {
  it('removes the oldest beyond the newest N, in bounded steps, and says when there is more', async () => {
    await addEvents(5_000, () => Date.now());
    const steps: number[] = [];
    for (;;) {
      const step = await handle.store.events.prune({ keepNewest: 1_000, olderThan: 0, limit: 1_500 });
      steps.push(step.deleted);
      if (!step.more) break;
    }
    expect(steps).toEqual([1_500, 1_500, 1_000]);
    expect(await handle.database.events.count()).toBe(1_000);
    const seqs = await handle.database.events.orderBy(':id').primaryKeys();
    expect(seqs[0]).toBe(4_001);
    expect(await handle.store.events.prune({ keepNewest: 1_000, olderThan: 0, limit: 1_500 })).toEqual({ deleted: 0, more: false });
  });

  it('removes events older than the cut by their time, keeping events of unknown time', async () => {
    const cut = NOW - 90 * DAY_MS;
    await addEvents(300, (n) => (n < 100 ? cut - DAY_MS + n : n < 200 ? 0 : cut + n));
    expect(await handle.store.events.prune({ keepNewest: 1_000_000, olderThan: cut, limit: 60 })).toEqual({ deleted: 60, more: true });
    expect(await handle.store.events.prune({ keepNewest: 1_000_000, olderThan: cut, limit: 60 })).toEqual({ deleted: 40, more: false });
    const left = await handle.database.events.toArray();
    expect(left).toHaveLength(200);
    expect(left.every((event) => event.time === 0 || event.time >= cut)).toBe(true);
  });

  it('counts stored events per minute and category as they are added, skipping duplicates, and forgets old minutes when pruning', async () => {
    const now = Date.now();
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    await handle.store.events.add([deviceEvent(1, now), deviceEvent(2, now, '0x5400'), consoleEventAt(now), deviceEvent(3, now - 3 * 60 * MINUTE_MS)]);
    // The same device events again (a catch-up overlapping the live stream): not counted twice.
    await handle.store.events.add([deviceEvent(1, now), deviceEvent(2, now, '0x5400')]);
    expect(await handle.database.eventCounts.get(minute)).toEqual({ minute, counts: { authentication: 1, door: 1, sync: 1 } });
    // An event three hours old is stored but outside the chart's window: no row for its minute.
    expect(await handle.database.eventCounts.count()).toBe(1);
    await handle.database.eventCounts.put({ minute: minute - 3 * 60 * MINUTE_MS, counts: { door: 1 } });
    await handle.store.events.prune({ keepNewest: 1_000_000, olderThan: 0, limit: 10 });
    expect(await handle.database.eventCounts.toCollection().primaryKeys()).toEqual([minute]);
  });
});

describe('the retention keeper', () => {
  it('keeps the defaults until told otherwise, then prunes to the new setting at once and logs what it removed', async () => {
    const events = new EventWriter(handle.store, { delayMs: 5 });
    const keeper = new EventRetentionKeeper(handle.store, events, { stepEvents: 700, pauseMs: 1, firstAfterMs: 60_000 }, () => NOW);
    expect(await keeper.retention()).toEqual(DEFAULT_EVENT_RETENTION);
    await addEvents(3_000, (n) => NOW - 10 * DAY_MS + n);
    await keeper.setRetention({ maxEvents: 2_000, maxAgeDays: 30 });
    // The change is logged too: 3,001 events, of which the newest 2,000 stay.
    await events.flush();
    expect(await keeper.pruneNow()).toBe(1_001);
    await events.flush();
    const left = await handle.database.events.toArray();
    const pruned = left.filter((event) => event.kind === 'events.pruned');
    expect(pruned.map((event) => event.message)).toEqual(['Event log retention removed 1,001 event(s) (the newest 2,000 events, none older than 30 days)']);
    expect(left.filter((event) => event.kind === 'events.retentionChanged').map((event) => event.message)).toEqual([
      'Operator changed the event log retention: the newest 1,000,000 events, none older than 90 days → the newest 2,000 events, none older than 30 days',
    ]);
    expect(left.filter((event) => event.source === 'device')).toHaveLength(1_999);

    // Ten days old: all gone at 5 days; the console's own events of today stay.
    await keeper.setRetention({ maxEvents: 2_000, maxAgeDays: 5 });
    await events.flush();
    expect(await keeper.pruneNow()).toBe(1_999);
    await keeper.stop();
    await events.flush();
    expect((await handle.database.events.toArray()).filter((event) => event.source === 'device')).toHaveLength(0);
  });

  it('lets other writes through between its steps', async () => {
    await addEvents(6_000, () => NOW);
    const events = new EventWriter(handle.store, { delayMs: 5 });
    const keeper = new EventRetentionKeeper(handle.store, events, { stepEvents: 500, pauseMs: 5, firstAfterMs: 60_000 }, () => NOW);
    await handle.store.settings.put('events.retention', { maxEvents: 1_000, maxAgeDays: 90 });
    const pruning = keeper.pruneNow();
    // Written while the prune runs: stored long before it ends, and kept (they are the newest).
    const started = Date.now();
    await handle.store.events.add([deviceEvent(9_001, NOW)]);
    const waited = Date.now() - started;
    expect(await pruning).toBeGreaterThanOrEqual(5_000);
    expect(await handle.database.events.where('deviceEventKey').equals('7:9001').count()).toBe(1);
    expect(waited).toBeLessThan(1_000);
    await keeper.stop();
    await events.flush();
  });
});
