import { describe, expect, it } from 'vitest';
import { EventCode } from '../../gsdk/messages';
import { testUser } from '../../sim/testSupport';
import type { RecordedCall } from '../../sim/virtualGateway';
import { harnessesClosedAfterEach, waitFor, type SyncHarness } from './syncTestSupport';

/*
 * Issue 6, "Tests: Ingest": every event a device logs is stored once (device ID + event ID),
 * however it reaches the console: live on the realtime stream, read back from the device's log
 * by a catch-up, or both. Site traffic keeps the events flowing while the gateway drops the
 * stream, while the console restarts, and while the console reads again what it already stored.
 */

const harness = harnessesClosedAfterEach();
const READERS = [931, 932, 933];
/** Events a second across the site: enough to be mid-flow at any moment, little for two shared vCPUs. */
const TRAFFIC_RATE = 300;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function siteWithTraffic(): Promise<SyncHarness> {
  const h = await harness({
    devices: READERS.map((deviceID, index) => ({
      deviceID,
      model: index === 0 ? 'XPass 2' : 'BioStation 2',
      // People to present cards at the reader; they stay only on the devices (the mode is Not used).
      users: [testUser(String(100 + 10 * index)), testUser(String(101 + 10 * index))],
    })),
    // No periodic read of the logs' tails: only a new subscription and the catch-up at it can
    // bring what the devices logged while no stream carried it.
    tuning: { logTailReadMs: 0 },
  });
  await everyReaderMonitored(h);
  // The first catch-up done, so what follows is the steady state the cut interrupts.
  await h.engine.whenIdle();
  h.site.traffic.start({ rate: TRAFFIC_RATE });
  return h;
}

/** Connected in the console, with monitoring enabled at the gateway. */
async function everyReaderMonitored(h: SyncHarness): Promise<void> {
  await waitFor(
    h,
    () => READERS.every((id) => h.core.registry.get(h.key(id))?.connection === 'connected' && h.site.device(id)?.monitoring === true),
    'every reader connected and monitored',
  );
}

const lastEventIDs = (h: SyncHarness): number[] => READERS.map((id) => h.site.device(id)?.lastEventID ?? 0);

/** The device event IDs stored for each reader, ascending (a duplicate would show twice). */
async function storedEventIDs(h: SyncHarness): Promise<Map<number, number[]>> {
  const byReader = new Map<number, number[]>(READERS.map((id) => [id, []]));
  for (const event of await h.database.database.events.toArray()) {
    if (event.source === 'device' && event.deviceId !== null && event.deviceEventId !== null) byReader.get(event.deviceId)?.push(event.deviceEventId);
  }
  for (const ids of byReader.values()) ids.sort((a, b) => a - b);
  return byReader;
}

async function storedAtLeast(h: SyncHarness, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await h.database.database.events.count()) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} events stored in 10 s`);
    await sleep(50);
  }
}

/**
 * Once the traffic has stopped: waits until every event each reader logged is stored, then
 * asserts each is stored exactly once: the stored IDs are 1..last, no gap and no repeat.
 */
async function everyLoggedEventStoredOnce(h: SyncHarness): Promise<void> {
  const logged = lastEventIDs(h);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const stored = await storedEventIDs(h);
    const complete = READERS.every((id, index) => new Set(stored.get(id)).size >= (logged[index] ?? 0));
    if (complete || Date.now() > deadline) {
      for (const [index, id] of READERS.entries()) {
        expect(stored.get(id), `reader ${id}`).toEqual(Array.from({ length: logged[index] ?? 0 }, (_, position) => position + 1));
      }
      return;
    }
    await sleep(100);
  }
}

/** The calls a recording saw of one method (e.g. "EnableMonitoring"), only those naming the device when one is given. */
const callsOf = (calls: readonly RecordedCall[], method: string, deviceId?: number): RecordedCall[] =>
  calls.filter((call) => call.path.endsWith(`/${method}`) && (deviceId === undefined || call.deviceIDs.includes(deviceId)));

describe('a gateway that drops the realtime stream while events flow', () => {
  const cuts: { name: string; cut: (h: SyncHarness) => void | Promise<void> }[] = [
    { name: 'fails the stream (UNAVAILABLE), the gateway up', cut: (h) => expect(h.site.cutRealtimeStreams('fail')).toBe(1) },
    { name: 'ends the stream (status OK), the gateway up', cut: (h) => expect(h.site.cutRealtimeStreams('end')).toBe(1) },
    { name: 'restarts (every stream and monitoring lost)', cut: (h) => h.site.restart() },
  ];

  it.each(cuts)('$name: the console subscribes again, enables monitoring again, and stores every event once', async ({ cut }) => {
    const h = await siteWithTraffic();
    await storedAtLeast(h, 60);
    const recording = h.site.recordCalls();
    await cut(h);
    // Logged before the console can have subscribed again: on no stream, only in the logs.
    const unheard = READERS.map((id) => h.site.device(id)?.logEvent({ eventCode: EventCode.DOOR_FORCED_OPEN, entityID: 1 }).ID ?? 0);

    await waitFor(h, () => h.site.subscriberCounts().realtime === 1, 'the console to subscribe to the realtime log again', 10_000);
    await everyReaderMonitored(h);
    // The traffic goes on after the new subscription: its last events can only arrive live,
    // since nothing reads the logs again once the catch-up is done (no tail reads).
    const resubscribedAt = lastEventIDs(h);
    await sleep(600);
    h.site.traffic.stop();
    recording.stop();
    expect(lastEventIDs(h).every((id, index) => id > (resubscribedAt[index] ?? 0) + 5)).toBe(true);

    expect(callsOf(recording.calls, 'SubscribeRealtimeLog').length).toBeGreaterThanOrEqual(1);
    for (const [index, id] of READERS.entries()) {
      expect(callsOf(recording.calls, 'EnableMonitoring', id).length, `EnableMonitoring of ${id}`).toBeGreaterThanOrEqual(1);
      // The catch-up read the log from before the cut (from the cursor), not from the new events.
      const reads = callsOf(recording.calls, 'GetLog', id).map((call) => (call.request as { startEventID: number }).startEventID);
      expect(Math.min(...reads), `GetLog of ${id}`).toBeLessThanOrEqual(unheard[index] ?? 0);
    }
    await everyLoggedEventStoredOnce(h);
  }, 60_000);
});

describe('a console restart while events flow', () => {
  it('reads on from the stored cursors: nothing logged while it was away is lost, and what a lagging cursor reads again is stored once', async () => {
    const h = await siteWithTraffic();
    await storedAtLeast(h, 100);
    const recording = h.site.recordCalls();
    let loggedAtStop: number[] = [];
    const cursors: number[] = [];
    await h.restartCore(async () => {
      loggedAtStop = lastEventIDs(h);
      // As if the console had stopped before its last cursor write: each cursor far behind what
      // is stored, so the catch-up reads stored events again (the overlap a crash leaves).
      for (const [index, id] of READERS.entries()) {
        cursors.push(Math.floor((loggedAtStop[index] ?? 0) / 2));
        await h.database.store.eventCursors.put(id, cursors[index] ?? 0);
      }
      // The site goes on while the console is away.
      await sleep(400);
    });
    await everyReaderMonitored(h);
    await sleep(400);
    h.site.traffic.stop();
    recording.stop();

    for (const [index, id] of READERS.entries()) {
      expect(h.site.device(id)?.lastEventID ?? 0, `events of ${id} logged while the console was away`).toBeGreaterThan(loggedAtStop[index] ?? 0);
      const reads = callsOf(recording.calls, 'GetLog', id).map((call) => (call.request as { startEventID: number }).startEventID);
      expect(reads, `GetLog of ${id}`).toContain((cursors[index] ?? 0) + 1);
    }
    await everyLoggedEventStoredOnce(h);
    await h.engine.whenIdle();
    for (const [index, id] of READERS.entries()) expect(await h.database.store.eventCursors.get(id), `cursor of ${id}`).toBe(lastEventIDs(h)[index]);
  }, 60_000);
});

describe('an event of a code the catalog does not know', () => {
  it('is stored and shown by its number, in the device category', async () => {
    const reader = 941;
    const h = await harness({ devices: [{ deviceID: reader, model: 'BioStation 2' }] });
    await waitFor(h, () => h.core.registry.get(h.key(reader))?.connection === 'connected' && h.site.device(reader)?.monitoring === true, 'the reader monitored');
    const logged = h.site.device(reader)?.logEvent({ eventCode: 0x7a01, subCode: 2, userID: '42' });

    const deadline = Date.now() + 8_000;
    let stored = await h.database.database.events.where('deviceEventKey').equals(`${reader}:${logged?.ID ?? 0}`).first();
    while (!stored && Date.now() < deadline) {
      await sleep(25);
      stored = await h.database.database.events.where('deviceEventKey').equals(`${reader}:${logged?.ID ?? 0}`).first();
    }
    expect(stored).toMatchObject({ kind: 'device.0x7A01', category: 'device', level: 'info', message: 'Device event 0x7A01: user 42', userId: '42', deviceId: reader });
  });
});
