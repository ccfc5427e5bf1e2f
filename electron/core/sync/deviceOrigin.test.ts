import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { User } from '../../../shared/domain/user';
import type { UserInfo } from '../../gsdk';
import { testUser } from '../../sim/testSupport';
import type { RecordedCall } from '../../sim/virtualGateway';
import { harnessesClosedAfterEach, siteUser, siteUsers, waitFor, waitForDevicesToMatch, type HarnessOptions, type SyncHarness } from './syncTestSupport';

/*
 * Issue 5, DESIGN.md §4 "Device-side enrollment and edits": in *All devices (including user
 * update from device)* a user enrolled or edited at a reader comes into the master copy (vacant
 * fields and new credentials only) and goes on to every reader; a refusal leaves the database
 * untouched and says "Fail to save to the server DB"; a delete at a reader is given back.
 */

const harness = harnessesClosedAfterEach();
const [A, B, C] = [701, 702, 703] as const;
const READERS = [A, B, C];

function startSite(options: Partial<HarnessOptions> = {}): Promise<SyncHarness> {
  return harness({
    devices: READERS.map((deviceID) => ({ deviceID, model: 'BioStation 2' })),
    users: siteUsers(3),
    syncMode: 'all-with-device',
    ...options,
  });
}

async function settled(h: SyncHarness): Promise<void> {
  await waitFor(h, () => READERS.every((id) => h.sync(id)?.state === 'in-sync' || h.sync(id)?.state === 'out-of-sync'), 'every reader checked');
  await h.engine.whenIdle();
}

/** Waits until every reader holds what the console wants there (plus `keep` on one of them). */
function readersMatchConsole(h: SyncHarness, what: string, keep: Partial<Record<number, string[]>> = {}, timeoutMs = 10_000): Promise<void> {
  return waitForDevicesToMatch(h, READERS, what, keep, timeoutMs);
}

async function consoleUser(h: SyncHarness, id: string): Promise<User | undefined> {
  const [user] = await h.database.store.users.get([id]);
  return user;
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function storedEvents(h: SyncHarness): Promise<ConsoleEvent[]> {
  await h.engine.whenIdle();
  return h.database.database.events.toArray();
}

const messages = (events: readonly ConsoleEvent[]): string[] => events.map((event) => event.message);

function heldName(h: SyncHarness, deviceId: number, userId: string): string | undefined {
  return h.site.device(deviceId)?.user(userId)?.name;
}

/** A reader's enrollment carrying the given card (as the console stores it: type and base64 data). */
function enrollmentWithCard(id: string, card: { type: number; data: string }): UserInfo {
  const info = testUser(id, { cards: 0 });
  const data = Buffer.from(card.data, 'base64');
  return { ...info, hdr: { ...info.hdr, numOfCard: 1 }, cards: [{ type: card.type, size: data.length, data }] };
}

function writesNaming(calls: readonly RecordedCall[], deviceId: number, userId: string): number {
  return calls.filter((call) => /\/Enroll(Multi)?$/.test(call.path) && call.deviceIDs.includes(deviceId) && JSON.stringify(call.request).includes(`"ID":"${userId}"`)).length;
}

describe('device-origin pipeline (All devices, including user update from device)', () => {
  it('a user enrolled at one reader joins the console and reaches the others; the origin is not written again, and echoes are never pulled', async () => {
    const h = await startSite();
    await settled(h);
    const recording = h.site.recordCalls();
    h.site.enrollAtDevice(A, testUser('9001', { name: 'Night guard', cards: 1, fingers: 1 }));

    await readersMatchConsole(h, 'the new user on every reader');
    await h.engine.whenIdle();
    recording.stop();
    expect((await consoleUser(h, '9001'))?.name).toBe('Night guard');
    for (const id of [B, C]) expect(heldName(h, id, '9001')).toBe('Night guard');

    // Pulled once from the origin; the echoes of the writes to B and C were not pulled.
    const pulls = recording.calls.filter((call) => call.path.endsWith('.User/Get'));
    expect(pulls.map((call) => call.deviceIDs)).toEqual([[A]]);
    expect(writesNaming(recording.calls, A, '9001')).toBe(0);
    expect(writesNaming(recording.calls, B, '9001')).toBe(1);

    const log = messages(await storedEvents(h));
    expect(log).toContain('User enrollment succeeded (Device): user 9001');
    expect(log.filter((message) => message === 'User enrollment succeeded (BioStar): user 9001')).toHaveLength(2);
    expect(log.some((message) => /^User 9001 from .* saved to the server DB \(new user\)$/.test(message))).toBe(true);
  });

  it('an edit at a reader fills only vacant fields and adds new credentials; values the console has win, on the origin too', async () => {
    const nameless = { ...siteUser('2'), name: '' };
    const h = await startSite({ users: [siteUser('1'), nameless, siteUser('3')] });
    await settled(h);
    const before = await consoleUser(h, '1');
    const newCard = { type: 1, size: 4, data: Buffer.from([9, 8, 7, 6]) };
    const held = h.site.device(A)?.user('1');
    if (!held || !before) throw new Error('user 1 missing');

    h.site.editAtDevice(A, '1', { name: 'Renamed at the door', cards: [...held.cards, newCard] });
    h.site.editAtDevice(B, '2', { name: 'Filled at the door' });

    const one = await eventually(() => consoleUser(h, '1'), (user) => (user?.cards.length ?? 0) === 2, 'the new card in the console');
    expect(one?.name).toBe(before.name);
    expect(one?.cards[1]).toEqual({ type: 1, data: newCard.data.toString('base64') });
    expect((await eventually(() => consoleUser(h, '2'), (user) => user?.name !== '', 'the vacant name filled'))?.name).toBe('Filled at the door');

    await readersMatchConsole(h, 'the merged users on every reader, the rename undone at the origin');
    expect(heldName(h, A, '1')).toBe(before.name);
    expect(h.site.device(C)?.user('1')?.cards).toHaveLength(2);
    expect(heldName(h, C, '2')).toBe('Filled at the door');
    const log = messages(await storedEvents(h));
    expect(log).toContain('User update succeeded (Device): user 1');
    expect(log.some((message) => /^User 1 from .* saved to the server DB \(1 card\)$/.test(message))).toBe(true);
  });

  it('a card added at a reader survives a sync of that reader due before the pull: the pull runs first (found by the soak)', async () => {
    // The pull waits for more changes at the reader; an operator's edit meanwhile makes a sync of
    // every reader due, whose header list shows user 1 with a card more than the console's record.
    const h = await startSite({ tuning: { deviceChangeDebounceMs: 1_500 } });
    await settled(h);
    const held = h.site.device(A)?.user('1');
    const other = await consoleUser(h, '3');
    if (!held || !other) throw new Error('users 1 and 3 missing');
    const newCard = { type: 1, size: 4, data: Buffer.from([4, 3, 2, 1]) };

    h.site.editAtDevice(A, '1', { name: 'Renamed at the door', cards: [...held.cards, newCard] });
    // The console has the reader's event (it is stored before the engine takes it), not yet the pull.
    await eventually(() => h.database.database.events.toArray(), (events) => messages(events).includes('User update succeeded (Device): user 1'), 'the change at the reader logged');
    await h.database.store.users.put([{ ...other, name: 'Edited by the operator' }]);

    const one = await eventually(() => consoleUser(h, '1'), (user) => (user?.cards.length ?? 0) === 2, 'the card added at the reader in the console');
    expect(one?.cards[1]).toEqual({ type: 1, data: newCard.data.toString('base64') });
    await readersMatchConsole(h, 'the card on every reader');
    expect(h.site.device(B)?.user('1')?.cards).toHaveLength(2);
  });

  it('a sync that finds a user changed at a reader before its event arrived pulls the user instead of overwriting it (found by the soak)', async () => {
    // The reader's event never reaches the live stream and its log is not read meanwhile: only the
    // header list of the sync an operator's edit sets off shows user 1 with another card count.
    const h = await startSite({ tuning: { logTailReadMs: 120_000 } });
    await settled(h);
    const reader = h.site.device(A);
    const held = reader?.user('1');
    const other = await consoleUser(h, '3');
    if (!reader || !held || !other) throw new Error('reader A, users 1 and 3 missing');
    const newCard = { type: 1, size: 4, data: Buffer.from([5, 6, 7, 8]) };
    reader.dropLiveEvents = 1;

    h.site.editAtDevice(A, '1', { name: 'Renamed at the door', cards: [...held.cards, newCard] });
    await h.database.store.users.put([{ ...other, name: 'Edited by the operator' }]);

    const one = await eventually(() => consoleUser(h, '1'), (user) => (user?.cards.length ?? 0) === 2, 'the card added at the reader in the console');
    expect(one?.name).toBe('User 1');
    await readersMatchConsole(h, 'the card on every reader, the rename undone at the origin');
    expect(heldName(h, A, '1')).toBe('User 1');
  });

  it('a card that is another user’s: "Fail to save to the server DB", the database untouched, the user only on that reader', async () => {
    const h = await startSite();
    await settled(h);
    const owner = await consoleUser(h, '1');
    const card = owner?.cards[0];
    if (!card) throw new Error('user 1 has no card');
    const usersBefore = await h.database.store.users.count();

    h.site.enrollAtDevice(A, enrollmentWithCard('9002', card));
    const events = await eventually(() => storedEvents(h), (all) => all.some((event) => event.kind === 'deviceOrigin.saveFailed'), 'the refusal in the log');
    const refusal = messages(events).find((message) => message.startsWith('Fail to save to the server DB')) ?? '';
    expect(refusal).toMatch(/user 9002 from .*: cards(\.\d+)?: this card already belongs to user 1$/);
    expect(await consoleUser(h, '9002')).toBeUndefined();
    expect(await h.database.store.users.count()).toBe(usersBefore);
    expect(await consoleUser(h, '1')).toEqual(owner);
    await readersMatchConsole(h, 'the other readers untouched', { [A]: ['9002'] });
    expect(h.site.device(B)?.user('9002')).toBeUndefined();
    expect(h.site.device(A)?.user('9002')).toBeDefined();
  });

  it('a user deleted at a reader stays in the console and is given back to that reader', async () => {
    const h = await startSite();
    await settled(h);
    h.site.deleteAtDevice(B, '2');
    await eventually(async () => h.site.device(B)?.user('2') !== undefined, Boolean, 'user 2 back on the reader');
    expect(await consoleUser(h, '2')).toBeDefined();
    expect(messages(await storedEvents(h))).toContain('User delete succeeded (Device): user 2');
  });

  it('an enrollment made while the console was closed is pulled at the next start', async () => {
    const h = await startSite();
    await settled(h);
    await h.restartCore(() => {
      h.site.enrollAtDevice(C, testUser('9003', { name: 'Enrolled while closed' }));
    });
    await readersMatchConsole(h, 'the user enrolled while the console was closed on every reader');
    expect((await consoleUser(h, '9003'))?.name).toBe('Enrolled while closed');
  });

  it('an enrollment at a reader that is offline is pulled when it is back, and never deleted by the reconnect sync', async () => {
    const h = await startSite();
    await settled(h);
    h.site.setNetwork(B, false);
    await waitFor(h, () => h.core.registry.get(h.key(B))?.connection === 'disconnected', 'the reader gone');
    h.site.enrollAtDevice(B, testUser('9004', { name: 'Enrolled offline' }));
    h.site.setNetwork(B, true);
    await readersMatchConsole(h, 'the offline enrollment on every reader');
    expect((await consoleUser(h, '9004'))?.name).toBe('Enrolled offline');
    expect(heldName(h, B, '9004')).toBe('Enrolled offline');
  });

  it('in All devices nothing is pulled: the change is logged and the reader shows the user only on it', async () => {
    const h = await startSite({ syncMode: 'all' });
    await settled(h);
    const recording = h.site.recordCalls();
    h.site.enrollAtDevice(A, testUser('9005'));
    await eventually(async () => h.sync(A)?.onlyOnDevice ?? 0, (count) => count === 1, 'the reader out of sync with a user only on it');
    await h.engine.whenIdle();
    recording.stop();
    expect(await consoleUser(h, '9005')).toBeUndefined();
    expect(recording.calls.filter((call) => call.path.endsWith('.User/Get'))).toEqual([]);
    expect(messages(await storedEvents(h))).toContain('User enrollment succeeded (Device): user 9005');
    expect(h.site.device(B)?.user('9005')).toBeUndefined();
  });
});

describe('a burst larger than the event log can take at once', () => {
  it('leaves the rest in the readers’ logs and reads it from there: every event stored once, every enrolled user pulled', async () => {
    const h = await startSite({ tuning: { maxEventBacklog: 8 } });
    await settled(h);
    const burst = Array.from({ length: 120 }, (_, index) => String(9100 + index));
    for (const [index, id] of burst.entries()) h.site.enrollAtDevice(READERS[index % READERS.length] ?? A, testUser(id));

    await readersMatchConsole(h, 'the whole burst on every reader', {}, 40_000);
    expect((await h.database.store.users.get(burst)).filter(Boolean)).toHaveLength(burst.length);
    await h.engine.whenIdle();
    for (const id of READERS) {
      const lastEventID = h.site.device(id)?.lastEventID ?? -1;
      const stored = (await h.database.database.events.toArray()).filter((event) => event.source === 'device' && event.deviceId === id);
      expect(new Set(stored.map((event) => event.deviceEventId)).size).toBe(stored.length);
      expect(stored).toHaveLength(lastEventID);
      expect(await h.database.store.eventCursors.get(id)).toBe(lastEventID);
    }
  }, 60_000);
});

describe('durability of the device-origin pipeline', () => {
  it('a gateway restart in the middle of a burst loses nothing and applies nothing twice', async () => {
    const h = await startSite();
    await settled(h);
    const burst = Array.from({ length: 60 }, (_, index) => String(9300 + index));
    for (const [index, id] of burst.slice(0, 30).entries()) h.site.enrollAtDevice(READERS[index % READERS.length] ?? A, testUser(id));
    await h.site.restart();
    for (const [index, id] of burst.slice(30).entries()) h.site.enrollAtDevice(READERS[index % READERS.length] ?? A, testUser(id));

    await readersMatchConsole(h, 'the whole burst on every reader after the gateway restart', {}, 20_000);
    expect((await h.database.store.users.get(burst)).filter(Boolean)).toHaveLength(burst.length);
    await h.engine.whenIdle();
    const stored = (await h.database.database.events.toArray()).filter((event) => event.source === 'device');
    for (const id of READERS) {
      const ofReader = stored.filter((event) => event.deviceId === id);
      expect(new Set(ofReader.map((event) => event.deviceEventId)).size).toBe(ofReader.length);
      expect(ofReader).toHaveLength(h.site.device(id)?.lastEventID ?? -1);
    }
    // Each enrollment was saved to the server DB once, however its events arrived.
    const saved = (await h.database.database.events.toArray()).filter((event) => event.kind === 'deviceOrigin.saved');
    expect(saved.map((event) => event.userId).sort()).toEqual([...burst].sort());
  }, 60_000);
});

describe('events the live stream dropped while connected', () => {
  /** How many User.Get calls asked for this user. */
  const pullsOf = (calls: readonly RecordedCall[], userId: string): number =>
    calls.filter((call) => call.path.endsWith('.User/Get') && JSON.stringify(call.request).includes(`"${userId}"`)).length;

  async function everyEventStoredOnce(h: SyncHarness, deviceId: number): Promise<void> {
    await h.engine.whenIdle();
    const lastEventID = h.site.device(deviceId)?.lastEventID ?? -1;
    const stored = (await h.database.database.events.toArray()).filter((event) => event.source === 'device' && event.deviceId === deviceId);
    expect(new Set(stored.map((event) => event.deviceEventId)).size).toBe(stored.length);
    expect(stored).toHaveLength(lastEventID);
    expect(await h.database.store.eventCursors.get(deviceId)).toBe(lastEventID);
  }

  it('a gap in a reader’s live event IDs is read from its log: the enrollment the stream dropped is pulled, each user once', async () => {
    // No tail reads: only the gap can bring the dropped enrollment in.
    const h = await startSite({ tuning: { logTailReadMs: 0 } });
    await settled(h);
    const reader = h.site.device(A);
    if (!reader) throw new Error('reader A missing');
    const recording = h.site.recordCalls();
    reader.dropLiveEvents = 1;
    h.site.enrollAtDevice(A, testUser('9501', { name: 'Dropped live' }));
    h.site.enrollAtDevice(A, testUser('9502', { name: 'Arrived live' }));

    await readersMatchConsole(h, 'both enrollments on every reader');
    await h.engine.whenIdle();
    recording.stop();
    expect((await consoleUser(h, '9501'))?.name).toBe('Dropped live');
    expect(heldName(h, C, '9501')).toBe('Dropped live');
    expect(pullsOf(recording.calls, '9501')).toBe(1);
    expect(pullsOf(recording.calls, '9502')).toBe(1);
    expect(messages(await storedEvents(h)).some((message) => /^The live stream skipped 1 event\(s\) of .*; they are read from its log$/.test(message))).toBe(true);
    await everyEventStoredOnce(h, A);
  });

  it('an enrollment dropped with no event after it is found by the periodic read of the log’s tail', async () => {
    const h = await startSite({ tuning: { logTailReadMs: 300 } });
    await settled(h);
    const reader = h.site.device(B);
    if (!reader) throw new Error('reader B missing');
    reader.dropLiveEvents = 1;
    h.site.enrollAtDevice(B, testUser('9601', { name: 'Last one in' }));

    await readersMatchConsole(h, 'the dropped enrollment on every reader');
    expect((await consoleUser(h, '9601'))?.name).toBe('Last one in');
    expect(messages(await storedEvents(h)).some((message) => /^Read 1 event\(s\) of .* from its log that had not arrived live$/.test(message))).toBe(true);
    await everyEventStoredOnce(h, B);
  });
});

