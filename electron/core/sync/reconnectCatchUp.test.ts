import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../sim/virtualGateway';
import { harnessesClosedAfterEach, siteUser, siteUsers, waitFor, waitForDevicesToMatch, waitForState, type SyncHarness } from './syncTestSupport';

/*
 * DESIGN.md §4, "Reconnect": after a device comes back (or the console starts), its event log is
 * read on from the stored cursor first, then the device is checked, then pushed to. Reading the
 * log first is what lets the check see a user edited at the device while the console was away:
 * the header counts of such a user do not move, so without it only a deep check would notice.
 */

const harness = harnessesClosedAfterEach();
const READER = 801;

async function inSyncAndIdle(h: SyncHarness): Promise<void> {
  await waitForState(h, READER, 'in-sync');
  await h.engine.whenIdle();
}

async function dropReader(h: SyncHarness): Promise<void> {
  h.site.setNetwork(READER, false);
  await waitFor(h, () => h.core.registry.get(h.key(READER))?.connection === 'disconnected', 'the console to see the reader gone');
}

/** Waits until the reader holds exactly what the console wants there; says what differs if it never does. */
function readerMatchesConsole(h: SyncHarness, what: string, timeoutMs = 8_000): Promise<void> {
  return waitForDevicesToMatch(h, [READER], what, {}, timeoutMs);
}

/** The method names of the calls made to the reader, in order ("GetLog", "GetList", ...). */
function callsTo(calls: readonly RecordedCall[], deviceId: number): string[] {
  return calls.filter((call) => call.deviceIDs.includes(deviceId)).map((call) => call.path.slice(call.path.lastIndexOf('/') + 1));
}

function lastEventID(h: SyncHarness): number {
  const device = h.site.device(READER);
  if (!device) throw new Error(`no device ${READER}`);
  return device.lastEventID;
}

describe('reconnect: catch up, then check, then push', () => {
  it('reads the log before checking and pushing, so an edit made at the device while it was away is undone (All devices)', async () => {
    const h = await harness({ devices: [{ deviceID: READER, model: 'BioStation 2' }], users: siteUsers(5), syncMode: 'all' });
    await inSyncAndIdle(h);
    await dropReader(h);

    h.site.editAtDevice(READER, '2', { name: 'Changed at the door' });
    await h.database.store.users.put([{ ...siteUser('3'), name: 'Renamed in the console' }]);
    const recording = h.site.recordCalls();
    h.site.setNetwork(READER, true);
    await readerMatchesConsole(h, 'the reader to hold the console records again');
    await inSyncAndIdle(h);
    recording.stop();

    const order = callsTo(recording.calls, READER);
    const firstCheck = order.indexOf('GetList');
    const firstPush = order.findIndex((method) => method.startsWith('Enroll'));
    expect(order.lastIndexOf('GetLog', firstCheck)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('GetLog', firstCheck)).toBe(-1); // the whole log was read before the check
    expect(firstCheck).toBeGreaterThan(-1);
    expect(firstPush).toBeGreaterThan(firstCheck);
    expect(await h.database.store.eventCursors.get(READER)).toBe(lastEventID(h));
  });

  it('reads on from the stored cursor after a restart of the console, and catches what happened meanwhile', async () => {
    const h = await harness({ devices: [{ deviceID: READER, model: 'XPass 2' }], users: siteUsers(4), syncMode: 'all' });
    await inSyncAndIdle(h);
    const cursor = await h.database.store.eventCursors.get(READER);
    // The console's own writes came back as events and were handled live: the cursor is at the end.
    expect(cursor).toBe(lastEventID(h));
    if (cursor === null) throw new Error('no cursor stored');

    const recording = h.site.recordCalls();
    await h.restartCore(() => {
      h.site.editAtDevice(READER, '4', { name: 'Changed while the console was closed' });
    });
    await readerMatchesConsole(h, 'the edit made while the console was closed to be undone');
    await inSyncAndIdle(h);
    recording.stop();

    const logReads = recording.calls.filter((call) => call.path.endsWith('/GetLog') && call.deviceIDs.includes(READER));
    // First the event at the cursor (is the log still the one the cursor is in?), then on from it.
    expect(logReads[0]?.request).toMatchObject({ deviceID: READER, startEventID: cursor, maxNumOfLog: 1 });
    expect(logReads[1]?.request).toMatchObject({ deviceID: READER, startEventID: cursor + 1 });
    expect(await h.database.store.eventCursors.get(READER)).toBe(lastEventID(h));

    // Every event the reader logged is in the console's log exactly once, though many came both
    // live and by a catch-up, and worded after who made the change.
    const stored = (await h.database.database.events.toArray()).filter((event) => event.source === 'device' && event.deviceId === READER);
    expect(stored.map((event) => event.deviceEventId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: lastEventID(h) }, (_, index) => index + 1));
    expect(stored.filter((event) => event.message === 'User update succeeded (Device): user 4')).toHaveLength(1);
    expect(stored.filter((event) => event.message.startsWith('User enrollment succeeded (BioStar)'))).toHaveLength(4);
  });

  it('a reader whose log cannot be read is deep-checked instead, and the operator is told', async () => {
    const h = await harness({ devices: [{ deviceID: READER, model: 'BioStation 2' }], users: siteUsers(3), syncMode: 'all' });
    await inSyncAndIdle(h);
    await dropReader(h);
    h.site.editAtDevice(READER, '1', { name: 'Changed at the door' });
    const device = h.site.device(READER);
    if (!device) throw new Error('no reader');
    device.failLogReads = true;

    h.site.setNetwork(READER, true);
    await readerMatchesConsole(h, 'the deep check to find the edit and the mode to undo it');
    await inSyncAndIdle(h);
    const warnings = (await h.database.database.events.toArray()).filter((event) => event.kind === 'catchUp.failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/Could not read the event log of .*log read failed.*deep check/);
  });
});
