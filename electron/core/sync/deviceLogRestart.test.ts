import { describe, expect, it } from 'vitest';
import { EventCode } from '../../gsdk';
import { testUser } from '../../sim/testSupport';
import { logEpochSetting } from './eventCursors';
import type { RecordedCall } from '../../sim/virtualGateway';
import { consoleEventsOf, everyIdUpTo, pullsOf } from './faultTestSupport';
import { harnessesClosedAfterEach, siteUsers, waitFor, waitForDevicesToMatch, type SyncHarness } from './syncTestSupport';

/*
 * Issue 8, "a device reboots and its event IDs restart": after a factory reset (or a log store
 * that was cleared) a device numbers its events from 1 again. The console's cursor for it stands
 * far above, so without noticing it would read nothing new, ignore every event below the cursor,
 * and lose what was enrolled at the device after the reboot. The catch-up at the reconnect finds
 * the log ending below the cursor, starts a new epoch (the new run's events are stored beside the
 * old run's, not taken for them), reads the log from 1, and says so.
 */

const harness = harnessesClosedAfterEach();
const [REBOOTED, OTHER] = [1501, 1502] as const;
const NEWCOMER = '7001';

async function siteInSync(): Promise<SyncHarness> {
  const h = await harness({
    devices: [REBOOTED, OTHER].map((deviceID) => ({ deviceID, model: 'BioStation 2' as const })),
    users: siteUsers(6),
    syncMode: 'all-with-device',
  });
  await waitFor(h, () => [REBOOTED, OTHER].every((id) => h.sync(id)?.state === 'in-sync'), 'both devices in sync');
  await h.engine.whenIdle();
  return h;
}

/** The rebooted device's events stored in the console, by epoch: each list of IDs ascending. */
async function storedByEpoch(h: SyncHarness): Promise<Map<number, number[]>> {
  const byEpoch = new Map<number, number[]>();
  for (const event of await h.database.database.events.toArray()) {
    if (event.source !== 'device' || event.deviceId !== REBOOTED || event.deviceEventId === null) continue;
    const epoch = event.deviceLogEpoch ?? 0;
    byEpoch.set(epoch, [...(byEpoch.get(epoch) ?? []), event.deviceEventId]);
  }
  for (const ids of byEpoch.values()) ids.sort((a, b) => a - b);
  return byEpoch;
}

async function newcomerEverywhereOnce(h: SyncHarness, calls: readonly RecordedCall[], cursorBefore: number): Promise<void> {
  await waitFor(h, () => h.site.device(OTHER)?.user(NEWCOMER) !== undefined, 'the user enrolled after the reboot to reach the other device', 10_000);
  await waitForDevicesToMatch(h, [REBOOTED, OTHER], 'both devices to hold the console’s users');
  await h.engine.whenIdle();
  const [stored] = await h.database.store.users.get([NEWCOMER]);
  expect(stored?.name).toBe(h.site.device(REBOOTED)?.user(NEWCOMER)?.name);
  // Pulled once, saved once, and written once to the device that did not have it.
  expect(pullsOf(calls, REBOOTED, NEWCOMER)).toBe(1);
  const said = await consoleEventsOf(h, REBOOTED);
  expect(said.filter((event) => event.kind === 'deviceOrigin.saved' && event.userId === NEWCOMER)).toHaveLength(1);
  const enrolledOnOther = (h.site.device(OTHER)?.events() ?? []).filter((event) => event.userID === NEWCOMER && event.eventCode === EventCode.USER_ENROLL_SUCCESS);
  expect(enrolledOnOther).toHaveLength(1);

  // The operator is told, once.
  const restarted = said.filter((event) => event.kind === 'catchUp.logRestarted');
  expect(restarted).toHaveLength(1);
  expect(restarted[0]).toMatchObject({ level: 'warning' });
  expect(restarted[0]?.message).toMatch(new RegExp(`starts again from event 1 .*event ${cursorBefore}`));

  // The new run is stored whole and once, in epoch 1, beside the old run (kept as it was).
  const last = h.site.device(REBOOTED)?.lastEventID ?? 0;
  const byEpoch = await storedByEpoch(h);
  expect(byEpoch.get(1)).toEqual(everyIdUpTo(last));
  expect(byEpoch.get(0)?.length ?? 0).toBeGreaterThanOrEqual(cursorBefore);
  expect(new Set(byEpoch.get(0)).size).toBe(byEpoch.get(0)?.length);
  expect(await h.database.store.settings.get(logEpochSetting(REBOOTED))).toBe(1);
  expect(await h.database.store.eventCursors.get(REBOOTED)).toBe(last);
}

describe('a device whose event IDs restart from 1', () => {
  it('rebooted while the console runs: the enrollment made after the reboot reaches the database and the other device exactly once', async () => {
    const h = await siteInSync();
    const cursorBefore = (await h.database.store.eventCursors.get(REBOOTED)) ?? 0;
    expect(cursorBefore).toBeGreaterThan(4);
    const recording = h.site.recordCalls();
    h.site.rebootDevice(REBOOTED, true);
    // Enrolled at the keypad as it comes back, before the console enabled monitoring again: only in its log, as event 3.
    h.site.enrollAtDevice(REBOOTED, { ...testUser(NEWCOMER), name: 'Enrolled after the reboot' });
    expect(h.site.device(REBOOTED)?.lastEventID).toBe(3);
    await newcomerEverywhereOnce(h, recording.calls, cursorBefore);
    recording.stop();
  }, 30_000);

  it('rebooted while the console is closed: found at the start, and the new epoch holds across a second restart', async () => {
    const h = await siteInSync();
    const cursorBefore = (await h.database.store.eventCursors.get(REBOOTED)) ?? 0;
    const recording = h.site.recordCalls();
    await h.restartCore(() => {
      h.site.rebootDevice(REBOOTED, true);
      h.site.enrollAtDevice(REBOOTED, { ...testUser(NEWCOMER), name: 'Enrolled while the console was closed' });
    });
    await newcomerEverywhereOnce(h, recording.calls, cursorBefore);

    // Started again with the cursor in the new run: the log reaches it, nothing restarts again,
    // and an event logged now is stored once in epoch 1.
    await h.restartCore(() => {
      h.site.device(REBOOTED)?.logEvent({ eventCode: EventCode.DOOR_OPENED, entityID: 1 });
    });
    const last = h.site.device(REBOOTED)?.lastEventID ?? 0;
    await waitFor(h, () => h.sync(REBOOTED)?.state === 'in-sync', 'the device checked after the second restart');
    await h.engine.whenIdle();
    expect((await storedByEpoch(h)).get(1)).toEqual(everyIdUpTo(last));
    expect((await consoleEventsOf(h, REBOOTED)).filter((event) => event.kind === 'catchUp.logRestarted')).toHaveLength(1);
    expect(pullsOf(recording.calls, REBOOTED, NEWCOMER)).toBe(1);
    recording.stop();
  }, 30_000);

  it('rebooted and then logged more events than the console had read: the event under the cursor’s ID is another, so the restart is still found', async () => {
    const h = await siteInSync();
    const cursorBefore = (await h.database.store.eventCursors.get(REBOOTED)) ?? 0;
    const recording = h.site.recordCalls();
    await h.restartCore(() => {
      h.site.rebootDevice(REBOOTED, true);
      h.site.enrollAtDevice(REBOOTED, { ...testUser(NEWCOMER), name: 'Enrolled, then buried under door events' });
      // The new run passes the old cursor: the log reaches it, but holds a door event there.
      const device = h.site.device(REBOOTED)!;
      while (device.lastEventID < cursorBefore + 5) device.logEvent({ eventCode: EventCode.DOOR_OPENED, entityID: 1 });
    });
    await newcomerEverywhereOnce(h, recording.calls, cursorBefore);
    recording.stop();
  }, 30_000);

  it('a log that wrapped while the device was away: the overwritten events are said, passed by the cursor, and a deep check stands in for them', async () => {
    const h = await siteInSync();
    const device = h.site.device(REBOOTED);
    if (!device) throw new Error('no device');
    device.logCapacity = 30;
    h.site.setNetwork(REBOOTED, false);
    await waitFor(h, () => h.core.registry.get(h.key(REBOOTED))?.connection === 'disconnected', 'the device seen gone');
    const cursorBefore = (await h.database.store.eventCursors.get(REBOOTED)) ?? 0;
    // While it is away: a user enrolled and one edited at its keypad, then enough traffic that
    // its log (30 events) overwrites both before the console can read them.
    h.site.enrollAtDevice(REBOOTED, { ...testUser(NEWCOMER), name: 'Enrolled, then overwritten' });
    h.site.editAtDevice(REBOOTED, '3', { name: 'Edited, then overwritten' });
    const editedAt = device.lastEventID;
    for (let door = 0; door < 40; door += 1) device.logEvent({ eventCode: EventCode.DOOR_OPENED, entityID: 1 });
    expect(device.events(0, 1)[0]?.ID).toBeGreaterThan(editedAt);

    const recording = h.site.recordCalls();
    h.site.setNetwork(REBOOTED, true);
    // The deep check finds the edit (the console's record goes back, All devices) and the user only on the device.
    await waitFor(h, () => h.sync(REBOOTED)?.onlyOnDevice === 1 && h.sync(REBOOTED)?.outdated === 0 && h.sync(REBOOTED)?.progress === null, 'the deep check and the sync after it', 10_000);
    await waitForDevicesToMatch(h, [REBOOTED, OTHER], 'the edit undone', { [REBOOTED]: [NEWCOMER] });
    await h.engine.whenIdle();
    recording.stop();

    const said = await consoleEventsOf(h, REBOOTED);
    const overwritten = said.filter((event) => event.kind === 'catchUp.overwritten');
    expect(overwritten).toHaveLength(1);
    const [, count, from, to] = /^(\d+) event\(s\) of .* \((\d+)–(\d+)\) were overwritten/.exec(overwritten[0]?.message ?? '') ?? [];
    expect(Number(from)).toBe(cursorBefore + 1);
    expect(Number(to)).toBeGreaterThanOrEqual(editedAt);
    expect(Number(count)).toBe(Number(to) - Number(from) + 1);
    expect(said.some((event) => event.kind === 'catchUp.logRestarted')).toBe(false);
    // Every event after the lost ones is stored once; the cursor passed the lost ones and stands at the end.
    const stored = (await storedByEpoch(h)).get(0) ?? [];
    expect(stored.filter((id) => id > cursorBefore)).toEqual(Array.from({ length: device.lastEventID - Number(to) }, (_, index) => Number(to) + 1 + index));
    expect(await h.database.store.eventCursors.get(REBOOTED)).toBe(device.lastEventID);
    // No retry loop on the log: the read at the cursor, and the pages after it.
    expect(recording.calls.filter((call) => call.path.endsWith('/GetLog') && call.deviceIDs.includes(REBOOTED)).length).toBeLessThanOrEqual(3);
    expect(h.site.device(REBOOTED)?.user('3')?.name).toBe('User 3');
  }, 30_000);
});
