import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { User } from '../../../shared/domain/user';
import { EventCode } from '../../gsdk/messages';
import { testUser } from '../../sim/testSupport';
import type { RecordedCall } from '../../sim/virtualGateway';
import { consoleUsers, deviceDifferences, devicesMatchConsole, harnessesClosedAfterEach, heldUserIds, journalDifferences, siteUser, siteUsers, waitFor, type HarnessOptions, type SyncHarness } from './syncTestSupport';

/*
 * Issue 8, "the database host refuses writes": IndexedDB under the database host answers a write
 * with QuotaExceededError (the disk or the profile's quota is full) or AbortError (the
 * transaction was aborted), once or until it is fixed (`DatabaseFaults`, a Dexie middleware: the
 * host's code runs unchanged). A user enrolled at a reader is not lost, the console's own log
 * lines are kept and stored later, the operator is told with the reason, nothing retries for
 * ever, and what was stored before is untouched.
 */

const harness = harnessesClosedAfterEach();
const [A, B, C] = [861, 862, 863] as const;
const READERS = [A, B, C];

function startSite(options: Partial<HarnessOptions> = {}): Promise<SyncHarness> {
  return harness({ devices: READERS.map((deviceID) => ({ deviceID, model: 'BioStation 2' })), users: siteUsers(3), syncMode: 'all-with-device', ...options });
}

async function settled(h: SyncHarness): Promise<void> {
  await devicesMatchConsole(h, READERS, 'the readers in step');
  await waitFor(h, () => READERS.every((id) => h.sync(id)?.state === 'in-sync'), 'every reader in sync');
  await h.engine.whenIdle();
}

async function storedEvents(h: SyncHarness): Promise<ConsoleEvent[]> {
  await h.engine.whenIdle();
  return h.database.database.events.orderBy('seq').toArray();
}

const pullsOf = (calls: readonly RecordedCall[], userId: string): number =>
  calls.filter((call) => call.path.endsWith('.User/Get') && ((call.request as { userIDs?: string[] }).userIDs ?? []).includes(userId)).length;

/** The ID of the event the reader logged for this user's enrollment there. */
function enrollmentEventId(h: SyncHarness, deviceId: number, userId: string): number {
  const event = h.site.device(deviceId)?.events().find((logged) => logged.eventCode === EventCode.USER_ENROLL_SUCCESS && logged.changedOnDevice && logged.userID === userId);
  if (!event) throw new Error(`reader ${deviceId} logged no enrollment of ${userId}`);
  return event.ID;
}

describe('a user enrolled at a reader while the database refuses writes', () => {
  it('once (quota exceeded): the operator is told, the pull is tried again and the user reaches the database and every reader', async () => {
    const h = await startSite();
    await settled(h);
    const stored = await consoleUsers(h);
    h.faults.refuseWrites('QuotaExceededError', { tables: ['users'], count: 1 });

    h.site.enrollAtDevice(A, testUser('9801', { name: 'Night guard', cards: 1, fingers: 1 }));
    await devicesMatchConsole(h, READERS, 'the user on every reader once the database takes it');

    expect(h.faults.refused('users')).toBe(1);
    const [user] = await h.database.store.users.get(['9801']);
    expect(user?.name).toBe('Night guard');
    expect(await consoleUsers(h)).toEqual([...stored, user]);
    const log = await storedEvents(h);
    const failure = log.find((event) => event.kind === 'deviceOrigin.saveFailed');
    expect(failure?.message).toMatch(/^Fail to save to the server DB: 1 user\(s\) from .*: the database could not apply users\.put: QuotaExceededError: .*; kept on the device and tried again$/);
    expect(log.filter((event) => event.kind === 'deviceOrigin.saved' && event.userId === '9801')).toHaveLength(1);
  });

  /**
   * A user enrolled at reader A while every write to the users table is aborted: the pull gives
   * up after its attempts, with nothing retried by itself afterwards; then the database heals.
   */
  async function enrolledWhileAborting(userId: string, name: string): Promise<{ h: SyncHarness; stored: User[] }> {
    const h = await startSite();
    await settled(h);
    const stored = await consoleUsers(h);
    const recording = h.site.recordCalls();
    h.faults.refuseWrites('AbortError', { tables: ['users'] });

    h.site.enrollAtDevice(A, testUser(userId, { name }));
    await waitFor(h, () => h.sync(A)?.state === 'error', 'the reader in error once the attempts are used up');
    expect(h.sync(A)?.message).toMatch(/^Pull failed after 3 attempts: the database could not apply users\.put: AbortError: /);
    // No loop: a second later (hundreds of scheduler rounds) nothing more was tried.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.faults.refused('users')).toBe(3);
    expect(pullsOf(recording.calls, userId)).toBe(3);
    recording.stop();
    // Nothing stored changed, the user is not in the database, and its event is not handled.
    expect(await consoleUsers(h)).toEqual(stored);
    await h.engine.whenIdle();
    expect(await h.database.store.eventCursors.get(A)).toBeLessThan(enrollmentEventId(h, A, userId));
    const log = await storedEvents(h);
    expect(log.filter((event) => event.kind === 'deviceOrigin.saveFailed')).toHaveLength(3);
    expect(log.some((event) => event.kind === 'sync.failed' && event.message.includes('Pull failed after 3 attempts'))).toBe(true);
    h.faults.heal();
    return { h, stored };
  }

  async function everywhereOnce(h: SyncHarness, stored: readonly User[], userId: string, name: string): Promise<void> {
    await devicesMatchConsole(h, READERS, `user ${userId} on every reader`);
    const [user] = await h.database.store.users.get([userId]);
    expect(user?.name).toBe(name);
    expect(await consoleUsers(h)).toEqual([...stored, user]);
    await waitFor(h, () => READERS.every((id) => h.sync(id)?.state === 'in-sync'), 'every reader in sync');
  }

  it('until it is fixed (aborted transactions): bounded attempts, an error on the reader, the enrollment kept in its log and pulled at the next start', async () => {
    const { h, stored } = await enrolledWhileAborting('9802', 'Relief guard');
    await h.restartCore();
    await everywhereOnce(h, stored, '9802', 'Relief guard');
  });

  it('until it is fixed: the operator’s Sync device of the reader pulls the kept enrollment before it pushes', async () => {
    const { h, stored } = await enrolledWhileAborting('9804', 'Evening guard');
    await h.core.handlers.syncDevice({ deviceId: A });
    await everywhereOnce(h, stored, '9804', 'Evening guard');
  });
});

describe('a device event the database refuses to store', () => {
  it('is read again from the reader’s log while connected: stored once, the enrolled user saved once, the cursor at the end', async () => {
    const h = await startSite({ tuning: { logTailReadMs: 0 } });
    await settled(h);
    const recording = h.site.recordCalls();
    h.faults.refuseWrites('AbortError', { tables: ['events'], count: 1 });

    h.site.enrollAtDevice(B, testUser('9803', { name: 'Day guard' }));
    await devicesMatchConsole(h, READERS, 'the user on every reader');
    const eventId = enrollmentEventId(h, B, '9803');
    await waitFor(h, () => h.faults.refused('events') === 1, 'the refused write');
    const deadline = Date.now() + 10_000;
    while ((await h.database.database.events.where('deviceEventKey').equals(`${B}:${eventId}`).count()) === 0) {
      if (Date.now() > deadline) throw new Error('the refused device event was never stored');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await h.engine.whenIdle();
    recording.stop();
    // Pulled again when the event is read again at most, which finds nothing new to save.
    expect(pullsOf(recording.calls, '9803')).toBeLessThanOrEqual(2);
    const log = await storedEvents(h);
    expect(log.filter((event) => event.kind === 'deviceOrigin.saved' && event.userId === '9803')).toHaveLength(1);
    const stored = log.filter((event) => event.source === 'device' && event.deviceId === B);
    expect(stored.map((event) => event.deviceEventId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: h.site.device(B)?.lastEventID ?? 0 }, (_, index) => index + 1));
    expect(await h.database.store.eventCursors.get(B)).toBe(h.site.device(B)?.lastEventID);
  });
});

describe('the console’s own log lines while the database refuses them', () => {
  it('are kept, tried again after a growing wait, and stored once when it takes them; the lines stored before are untouched', async () => {
    const h = await harness({ devices: [{ deviceID: A, model: 'BioStation 2' }], users: [], syncMode: 'not-used' });
    await waitFor(h, () => h.sync(A)?.state === 'in-sync', 'the reader in sync');
    await h.engine.whenIdle();
    const storedBefore = await storedEvents(h);
    const writer = h.core.events;
    if (!writer) throw new Error('the core has no event writer');

    h.faults.refuseWrites('AbortError', { tables: ['events'] });
    const armedAt = Date.now();
    await h.engine.setMode('all', 'Ada');
    await waitFor(h, () => h.faults.refused('events') >= 2, 'a second attempt at the refused line');
    // Backoff, not a loop: the second attempt came after the writer's first wait (1 s).
    expect(Date.now() - armedAt).toBeGreaterThanOrEqual(1_000);
    expect(writer.unstored).toBeGreaterThan(0);

    h.faults.heal();
    await writer.flush();
    expect(writer.unstored).toBe(0);
    const log = await storedEvents(h);
    expect(log.slice(0, storedBefore.length)).toEqual(storedBefore);
    expect(log.filter((event) => event.message === 'Automatic user synchronization changed by Ada: Not used → All devices')).toHaveLength(1);
  });
});

describe('a sync while the database fails', () => {
  const READER = 864;
  const USERS = 200;
  const BATCH = 20;

  /** The operator syncs a slow reader by hand (Not used); `fault` is armed once the first batches are on it. */
  async function syncWithFault(fault: (h: SyncHarness) => void): Promise<{ h: SyncHarness; recording: ReturnType<SyncHarness['site']['recordCalls']> }> {
    const h = await harness({
      devices: [{ deviceID: READER, model: 'BioStation 2', latencyMs: 30 }],
      users: siteUsers(USERS),
      syncMode: 'not-used',
      tuning: { maxBatchUsers: BATCH },
    });
    await waitFor(h, () => h.sync(READER)?.state === 'out-of-sync', 'the reader checked');
    const recording = h.site.recordCalls();
    await h.core.handlers.syncDevice({ deviceId: READER });
    await waitFor(h, () => heldUserIds(h, READER).length >= BATCH, 'the first batch on the reader');
    fault(h);
    return { h, recording };
  }

  async function finishedOnce(h: SyncHarness, recording: ReturnType<SyncHarness['site']['recordCalls']>): Promise<void> {
    await waitFor(h, () => h.sync(READER)?.state === 'in-sync', 'the reader in sync without a second request', 15_000);
    await h.engine.whenIdle();
    recording.stop();
    expect(await deviceDifferences(h, READER)).toEqual([]);
    expect(await journalDifferences(h, READER)).toEqual([]);
    // Nothing written more than twice: at most the batches in flight when the job stopped are sent again.
    const writes = new Map<string, number>();
    for (const call of recording.calls.filter((c) => c.path.endsWith('/EnrollMulti'))) {
      for (const user of (call.request as { users?: { hdr?: { ID?: string } }[] }).users ?? []) writes.set(user.hdr?.ID ?? '', (writes.get(user.hdr?.ID ?? '') ?? 0) + 1);
    }
    expect(writes.size).toBe(USERS);
    expect([...writes.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(2 * BATCH);
  }

  it('a journal write refused (quota exceeded) stops the job with the reason; it is tried again and ends with the journal matching the reader', async () => {
    const { h, recording } = await syncWithFault((site) => site.faults.refuseWrites('QuotaExceededError', { tables: ['journalEntries'], count: 1 }));
    await finishedOnce(h, recording);
    expect(h.faults.refused('journalEntries')).toBe(1);
    const log = await storedEvents(h);
    expect(log.some((event) => event.kind === 'sync.stopped' && /the journal could not be recorded: .*QuotaExceededError/.test(event.message))).toBe(true);
    expect(log.some((event) => event.kind === 'sync.retry')).toBe(true);
  });

  it('a read of the master copy aborted in the middle stops the job with the reason, and it is tried again', async () => {
    const { h, recording } = await syncWithFault((site) => site.faults.abortReads({ tables: ['users'], count: 1 }));
    await finishedOnce(h, recording);
    const log = await storedEvents(h);
    expect(log.some((event) => event.kind === 'sync.stopped' && /the master copy could not be read: .*AbortError/.test(event.message))).toBe(true);
    expect(log.some((event) => event.kind === 'sync.retry')).toBe(true);
  });
});

describe('an operator’s edit while the database refuses writes', () => {
  it('fails with the reason and stores nothing; the same edit goes through once the database takes writes again', async () => {
    const h = await harness({ devices: [{ deviceID: A, model: 'BioStation 2' }], users: siteUsers(2), syncMode: 'not-used' });
    const stored = await consoleUsers(h);
    const edited = { ...siteUser('1'), name: 'Renamed by the operator' };
    h.faults.refuseWrites('QuotaExceededError', { tables: ['users'] });

    await expect(h.core.handlers.saveUser({ user: edited })).rejects.toThrow(/^the database could not apply users\.put: QuotaExceededError: The quota has been exceeded\.$/);
    expect(await consoleUsers(h)).toEqual(stored);

    h.faults.heal();
    expect(await h.core.handlers.saveUser({ user: edited })).toEqual({ stored: true, problems: [] });
    const [user] = await h.database.store.users.get(['1']);
    expect(user?.name).toBe('Renamed by the operator');
    const log = await storedEvents(h);
    expect(log.filter((event) => event.kind.startsWith('user.') && event.userId === '1')).toHaveLength(1);
  });
});
