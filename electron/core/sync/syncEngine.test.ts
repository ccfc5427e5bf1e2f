import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { openPortcullisDatabase } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../../renderer/dbhost/server';
import { createLoopbackPair } from '../../../shared/db/loopback';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { EventCode } from '../../gsdk';
import { testUser } from '../../sim/testSupport';
import { desiredRecord, toUserInfo } from './userInfoCodec';
import { deviceDifferences, harnessesClosedAfterEach, siteUser, siteUsers, waitFor, waitForState, type SyncHarness } from './syncTestSupport';

const harness = harnessesClosedAfterEach();

async function consoleEvents(h: SyncHarness): Promise<ConsoleEvent[]> {
  await h.engine.whenIdle();
  const table = h.database.database.events;
  return (await table.toArray()).filter((event) => event.source === 'console');
}

describe('sync engine: convergence', () => {
  it('fills empty devices of three models, each with what its model stores', async () => {
    const h = await harness({
      devices: [
        { deviceID: 11, model: 'BioStation 2' },
        { deviceID: 12, model: 'FaceStation F2' },
        { deviceID: 13, model: 'XPass 2' },
      ],
      users: siteUsers(40),
    });
    await waitForState(h, 11, 'out-of-sync');
    expect(h.sync(11)).toMatchObject({ missing: 40, outdated: 0, extra: 0, onlyOnDevice: 0 });
    await waitFor(h, () => [11, 12, 13].every((id) => h.sync(id)?.state === 'out-of-sync'), 'all checked');
    expect((await h.core.handlers.syncAll(undefined)).queued).toBe(3);
    for (const id of [11, 12, 13]) await waitForState(h, id, 'in-sync');
    for (const id of [11, 12, 13]) expect(await deviceDifferences(h, id)).toEqual([]);
    expect(h.site.device(13)?.users()[0]?.fingers).toEqual([]);
    const events = await consoleEvents(h);
    expect(events.filter((event) => event.kind === 'sync.finished')).toHaveLength(3);
    expect(JSON.stringify(events)).not.toMatch(/[A-Za-z0-9+/]{60,}/); // no template, PIN or photo in any message
  });

  it('rewrites stale users, deletes users it placed that are no longer wanted, and keeps users only on the device', async () => {
    const users = siteUsers(20);
    const h = await harness({ devices: [{ deviceID: 21 }], users });
    await waitForState(h, 21, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 21 });
    await waitForState(h, 21, 'in-sync');

    // Someone enrolled two people at the reader itself; the console must never delete them.
    h.site.enrollAtDevice(21, testUser('9001'));
    h.site.enrollAtDevice(21, testUser('9002'));
    await waitFor(h, () => h.sync(21)?.onlyOnDevice === 2, 'users only on the device noticed');
    expect(h.sync(21)?.state).toBe('out-of-sync');

    await h.database.store.users.put([{ ...users[0]!, name: 'Renamed' }, { ...users[1]!, disabled: true }]);
    await h.database.store.users.delete([users[2]!.id]);
    await waitFor(h, () => h.sync(21)?.outdated === 1 && h.sync(21)?.extra === 2, 'the edits noticed');

    await h.core.handlers.syncDevice({ deviceId: 21 });
    await waitFor(h, () => h.sync(21)?.extra === 0 && h.sync(21)?.outdated === 0 && h.sync(21)?.progress === null, 'synced');
    expect(h.sync(21)).toMatchObject({ state: 'out-of-sync', missing: 0, onlyOnDevice: 2 });
    expect(await deviceDifferences(h, 21, ['9001', '9002'])).toEqual([]);
    expect(h.site.device(21)?.user(users[0]!.id)?.name).toBe('Renamed');
  });

  it('takes over a device that already holds the users (no journal): outdated until a deep check adopts the identical ones', async () => {
    const users = siteUsers(10);
    const capabilities = { cards: true, fingerprints: true, faces: false };
    const held = users.map((user, i) => toUserInfo(desiredRecord(i === 0 ? { ...user, name: 'Old name' } : user, capabilities)!));
    const h = await harness({ devices: [{ deviceID: 31, users: held }], users });
    await waitFor(h, () => h.sync(31)?.outdated === 10, 'users the console never wrote seen as outdated');
    await h.core.handlers.checkDevice({ deviceId: 31 });
    await waitFor(h, () => h.sync(31)?.outdated === 1 && h.sync(31)?.progress === null, 'identical records adopted, the renamed one not');
    const logged = h.site.device(31)!.lastEventID;
    await h.core.handlers.syncDevice({ deviceId: 31 });
    await waitForState(h, 31, 'in-sync');
    expect(h.site.device(31)!.events(logged + 1).filter((event) => event.eventCode === EventCode.USER_UPDATE_SUCCESS)).toHaveLength(1);
  });
});

describe('sync engine: interruptions', () => {
  it('resumes from the journal after the device drops mid-sync', async () => {
    const h = await harness({ devices: [{ deviceID: 41, latencyMs: 40 }], users: siteUsers(60), tuning: { maxBatchUsers: 5 } });
    await waitForState(h, 41, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 41 });
    const device = h.site.device(41)!;
    await waitFor(h, () => device.userCount >= 15, 'some batches written');
    h.site.setNetwork(41, false);
    await waitForState(h, 41, 'unknown');
    expect(h.sync(41)?.message).toMatch(/resumes/);
    const journaled = (await h.database.store.journal.read(41)).size;
    expect(journaled).toBeGreaterThan(0);
    expect(journaled).toBeLessThanOrEqual(device.userCount);
    h.site.setNetwork(41, true);
    await waitForState(h, 41, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 41)).toEqual([]);
    // Only what was cut off is written again: at most the batches in flight when it dropped.
    const rewritten = device.events().filter((event) => event.eventCode === EventCode.USER_UPDATE_SUCCESS).length;
    expect(rewritten).toBeLessThanOrEqual(10);
  });

  it('says a sync the console’s stop cut short was interrupted, not finished; the next sync writes the rest', async () => {
    const h = await harness({ devices: [{ deviceID: 43, latencyMs: 10 }], users: siteUsers(200), tuning: { maxBatchUsers: 5 } });
    await waitForState(h, 43, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 43 });
    await waitFor(h, () => (h.site.device(43)?.userCount ?? 0) >= 15, 'some batches written');
    await h.restartCore();
    const ended = (await consoleEvents(h)).filter((event) => event.deviceId === 43 && /^sync\.(finished|stopped|interrupted)$/.test(event.kind));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ kind: 'sync.interrupted', level: 'info' });
    expect(ended[0]?.message).toMatch(/^Sync of .+ interrupted: the console stopped after \d+ user\(s\) written, 0 deleted; the next sync writes the rest$/);
    await waitForState(h, 43, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 43 });
    await waitForState(h, 43, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 43)).toEqual([]);
  });

  it('resumes after the gateway restarts mid-sync', async () => {
    const h = await harness({ devices: [{ deviceID: 51, latencyMs: 30 }, { deviceID: 52, latencyMs: 30 }], users: siteUsers(50), tuning: { maxBatchUsers: 5 } });
    await waitFor(h, () => h.sync(51)?.state === 'out-of-sync' && h.sync(52)?.state === 'out-of-sync', 'checked');
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => (h.site.device(51)?.userCount ?? 0) >= 10, 'some batches written');
    await h.site.restart();
    await waitFor(h, () => h.sync(51)?.state === 'in-sync' && h.sync(52)?.state === 'in-sync', 'both in sync after the restart', 15_000);
    expect(await deviceDifferences(h, 51)).toEqual([]);
    expect(await deviceDifferences(h, 52)).toEqual([]);
  });
});

describe('sync engine: journal honesty', () => {
  it('the cheap check sees a user deleted at the device behind the console’s back', async () => {
    const users = siteUsers(8);
    const h = await harness({ devices: [{ deviceID: 61 }], users });
    await waitForState(h, 61, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 61 });
    await waitForState(h, 61, 'in-sync');
    h.site.deleteAtDevice(61, users[3]!.id);
    await waitFor(h, () => h.sync(61)?.missing === 1, 'the deletion seen');
    expect(h.sync(61)?.state).toBe('out-of-sync');
    // The same after a reconnect, without the event.
    h.site.device(61)!.delete([users[4]!.id], 'device');
    h.site.setNetwork(61, false);
    await waitForState(h, 61, 'unknown');
    h.site.setNetwork(61, true);
    await waitFor(h, () => h.sync(61)?.missing === 2, 'both deletions seen after reconnect');
  });

  it('a reconnect after a full sync reads no journal: the digest kept in memory answers, for every device of the batch', async () => {
    const h = await harness({ devices: [{ deviceID: 62 }, { deviceID: 63 }], users: siteUsers(30) });
    await waitFor(h, () => [62, 63].every((id) => h.sync(id)?.state === 'out-of-sync'), 'both checked');
    await h.core.handlers.syncAll(undefined);
    for (const id of [62, 63]) await waitForState(h, id, 'in-sync');
    await h.engine.whenIdle();
    const reads = vi.spyOn(h.database.store.journal, 'read');
    for (const id of [62, 63]) h.site.setNetwork(id, false);
    for (const id of [62, 63]) await waitForState(h, id, 'unknown');
    for (const id of [62, 63]) h.site.setNetwork(id, true);
    for (const id of [62, 63]) await waitForState(h, id, 'in-sync');
    expect(reads).not.toHaveBeenCalled();
  });

  it('the deep check finds a template altered on the device, and the cheap check keeps saying so until a sync', async () => {
    const users = siteUsers(8);
    const h = await harness({ devices: [{ deviceID: 71 }], users });
    await waitForState(h, 71, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 71 });
    await waitForState(h, 71, 'in-sync');

    const device = h.site.device(71)!;
    const target = device.user(users[5]!.id)!;
    const finger = target.fingers[0]!;
    const altered = Buffer.from(finger.templates[0]!);
    altered[10] = (altered[10]! + 1) % 256;
    // Straight into the device's table: same counts, no event, as corruption or tampering would be.
    device.preload([{ ...target, fingers: [{ ...finger, templates: [altered, finger.templates[1]!] }] }]);

    h.site.setNetwork(71, false);
    await waitForState(h, 71, 'unknown');
    h.site.setNetwork(71, true);
    await waitForState(h, 71, 'in-sync'); // headers cannot see it
    await h.core.handlers.checkDevice({ deviceId: 71 });
    await waitFor(h, () => h.sync(71)?.outdated === 1, 'the deep check finds it');
    expect(h.sync(71)?.state).toBe('out-of-sync');

    h.site.setNetwork(71, false);
    await waitForState(h, 71, 'unknown');
    h.site.setNetwork(71, true);
    await waitFor(h, () => h.sync(71)?.outdated === 1 && h.sync(71)?.state === 'out-of-sync', 'still outdated after a reconnect');

    await h.core.handlers.syncDevice({ deviceId: 71 });
    await waitForState(h, 71, 'in-sync');
    expect(await deviceDifferences(h, 71)).toEqual([]);
  });
});

describe('sync engine: another database host', () => {
  it('drops what it knew of the old database when another host attaches, and checks every device against the new one', async () => {
    const h = await harness({ devices: [{ deviceID: 66 }], users: siteUsers(10) });
    await waitForState(h, 66, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 66 });
    await waitForState(h, 66, 'in-sync');

    // Another browser profile in the dev/test host: another IndexedDB with other users and no journal.
    const other = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
    const [coreEnd, hostEnd] = createLoopbackPair();
    const host = serveDatabaseHost(other, hostEnd);
    try {
      h.database.store.attach(coreEnd);
      expect((await h.database.store.users.put(siteUsers(3, 501))).refused).toEqual([]);
      await waitFor(h, () => h.sync(66)?.missing === 3 && h.sync(66)?.onlyOnDevice === 10, 'the device checked against the new database');
      expect(h.sync(66)?.state).toBe('out-of-sync');
      await h.core.handlers.syncDevice({ deviceId: 66 });
      await waitFor(h, () => h.sync(66)?.missing === 0, 'the new users written');
      // The old database's users stay on the device as users only there: never deleted by a sync.
      expect(h.sync(66)).toMatchObject({ state: 'out-of-sync', onlyOnDevice: 10, missing: 0, outdated: 0 });
      expect(await other.journalLinks.where('deviceId').equals(66).count()).toBeGreaterThan(0);
    } finally {
      await h.core.stop(); // while the new host still serves it: the core's last events go there
      host.stop();
      other.close();
    }
  });
});

describe('sync engine: failures', () => {
  it('a full device ends in error with an event, without endless retries, and the others still sync', async () => {
    const h = await harness({ devices: [{ deviceID: 81, capacity: 12 }, { deviceID: 82 }], users: siteUsers(30), tuning: { maxBatchUsers: 10 } });
    await waitFor(h, () => h.sync(81)?.state === 'out-of-sync' && h.sync(82)?.state === 'out-of-sync', 'checked');
    await h.core.handlers.syncAll(undefined);
    await waitForState(h, 82, 'in-sync');
    await waitForState(h, 81, 'error');
    expect(h.sync(81)?.message).toMatch(/full/);
    expect(await deviceDifferences(h, 82)).toEqual([]);
    await h.engine.whenIdle();
    const logged = h.site.device(81)!.lastEventID;
    const events = await consoleEvents(h);
    expect(events.some((event) => event.kind === 'sync.failed' && event.deviceId === 81 && /full/.test(event.message))).toBe(true);
    // Master data changes bring checks, not retries, while the failure stands.
    await h.database.store.users.put([{ ...siteUser('1'), name: 'Changed' }]);
    await waitFor(h, () => h.sync(81)?.checkedAt !== null, 'checked');
    await h.engine.whenIdle();
    expect(h.site.device(81)!.lastEventID).toBe(logged);
    expect(h.sync(81)?.state).toBe('error');
  });

  it('a record the device refuses is named, the rest is written, and it is not sent again automatically', async () => {
    const users = [...siteUsers(9), siteUser('A10')];
    const h = await harness({ devices: [{ deviceID: 91 }], users, userIdPolicy: 'alphanumeric' });
    await waitForState(h, 91, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 91 });
    await waitForState(h, 91, 'error');
    expect(h.sync(91)).toMatchObject({ missing: 1, outdated: 0 });
    expect(h.sync(91)?.message).toMatch(/A10/);
    expect(h.site.device(91)!.userCount).toBe(9);
    const events = await consoleEvents(h);
    expect(events.find((event) => event.kind === 'sync.userRefused')).toMatchObject({ userId: 'A10', level: 'error' });
    const before = h.site.device(91)!.lastEventID;
    h.engine.requestSync([h.key(91)], 'automatic');
    await h.engine.whenIdle();
    expect(h.site.device(91)!.lastEventID).toBe(before);
    expect(h.sync(91)?.state).toBe('error');
  });

  it('retries a failing device with backoff a bounded number of times, then says so', async () => {
    const h = await harness({ devices: [{ deviceID: 95 }], users: siteUsers(5) });
    await waitForState(h, 95, 'out-of-sync');
    h.site.device(95)!.failWrites = true;
    await h.core.handlers.syncDevice({ deviceId: 95 });
    await waitForState(h, 95, 'error', 10_000);
    expect(h.sync(95)?.message).toMatch(/after 3 attempts/);
    const events = await consoleEvents(h);
    expect(events.filter((event) => event.kind === 'sync.retry')).toHaveLength(2);
    h.site.device(95)!.failWrites = false;
    await h.core.handlers.syncDevice({ deviceId: 95 });
    await waitForState(h, 95, 'in-sync');
  });
});

describe('sync engine: wipe & resync and progress', () => {
  it('wipes what the console placed, keeps what is only on the device, and writes everything again', async () => {
    const users = siteUsers(12);
    const h = await harness({ devices: [{ deviceID: 101 }], users });
    await waitForState(h, 101, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: 101 });
    await waitForState(h, 101, 'in-sync');
    h.site.enrollAtDevice(101, testUser('9100'));
    const logged = h.site.device(101)!.lastEventID;
    await h.core.handlers.wipeAndResync({ deviceId: 101 });
    await waitFor(h, () => h.site.device(101)!.lastEventID > logged + 20 && h.sync(101)?.progress === null && h.sync(101)?.missing === 0, 'wiped and synced');
    expect(await deviceDifferences(h, 101, ['9100'])).toEqual([]);
    const log = h.site.device(101)!.events(logged + 1);
    expect(log.filter((event) => event.eventCode === EventCode.USER_DELETE_SUCCESS)).toHaveLength(12);
    expect(log.filter((event) => event.eventCode === EventCode.USER_ENROLL_SUCCESS)).toHaveLength(12);
    expect((await h.database.store.journal.read(101)).size).toBe(12);
  });

  it('shows progress with an estimate while syncing', async () => {
    const h = await harness({ devices: [{ deviceID: 111, latencyMs: 30 }], users: siteUsers(40), tuning: { maxBatchUsers: 4 } });
    await waitForState(h, 111, 'out-of-sync');
    const seen: { done: number; total: number; etaMs: number | null }[] = [];
    h.core.subscribe({
      emit(name, payload) {
        if (name !== 'devicesChanged') return;
        for (const device of (payload as { upserted: { sync: { progress: { done: number; total: number; etaMs: number | null } | null } }[] }).upserted) {
          if (device.sync.progress) seen.push(device.sync.progress);
        }
      },
    });
    await h.core.handlers.syncDevice({ deviceId: 111 });
    await waitForState(h, 111, 'in-sync');
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((progress) => progress.total === 40)).toBe(true);
    expect(seen.some((progress) => progress.done > 0 && progress.done < 40 && progress.etaMs !== null && progress.etaMs > 0)).toBe(true);
  });
});
