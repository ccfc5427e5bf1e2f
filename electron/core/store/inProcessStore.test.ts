import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { blankUser, cardKey, type User } from '../../../shared/domain/user';
import { JOURNAL_COMPACT_AFTER } from '../../../renderer/dbhost/journalTables';
import { openInProcessStore, type InProcessStore } from './inProcessStore';
import { StoreWriteError, type StoreChange } from './store';

const b64 = (bytes: number, fill = 7): string => Buffer.alloc(bytes, fill).toString('base64');

function user(id: string, change: Partial<User> = {}): User {
  return { ...blankUser(id, 1_700_000_000_000), name: `User ${id}`, ...change };
}

const card = (data: number) => ({ type: 1, data: b64(4, data) });

/** A one-reader door with its sensor and exit button on the entry device. */
function testDoor(id: number): Door {
  const entryDeviceId = 540_000_001;
  return {
    id,
    name: `Door ${id}`,
    entryDeviceId,
    exitDeviceId: null,
    relayPort: 0,
    sensor: { deviceId: entryDeviceId, port: 0, switchType: 'normally-closed' },
    exitButton: { deviceId: entryDeviceId, port: 1, switchType: 'normally-open' },
    autoLockSeconds: 3,
    heldOpenSeconds: 10,
  };
}

let handle: InProcessStore;

beforeEach(async () => {
  // A fresh IndexedDB per test: nothing leaks from one test into the next.
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(async () => {
  await handle.close();
});

describe('users', () => {
  it('round-trips complete users unchanged, and reports missing IDs as undefined', async () => {
    const full = user('1001', {
      email: 'ada@example.com',
      department: 'Security',
      periodStart: 100,
      periodEnd: 200,
      pinHash: b64(32),
      photo: b64(4_000),
      cards: [card(1)],
      fingers: [
        { index: 0, flag: 0, templates: [b64(384, 1), b64(384, 2)] },
        { index: 1, flag: 1, templates: [b64(384, 3), b64(384, 4)] },
      ],
      faces: [{ index: 0, flag: 0, templates: [b64(552, 5)] }],
      accessGroupIds: [2, 1],
    });
    const result = await handle.store.users.put([full, user('1002')]);
    expect(result).toEqual({ stored: ['1001', '1002'], refused: [] });
    expect(await handle.store.users.get(['1002', '9999', '1001'])).toEqual([user('1002'), undefined, full]);
    expect(await handle.store.users.count()).toBe(2);
  });

  it('scans 25,000 users in ID order, in pages, each user once', async () => {
    const ids = Array.from({ length: 25_000 }, (_, i) => String(i + 1));
    const stored = await handle.store.users.put(ids.map((id) => user(id)));
    expect(stored.stored).toHaveLength(25_000);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of handle.store.users.scan(1_000)) {
      expect(page.length).toBeLessThanOrEqual(1_000);
      pages++;
      for (const found of page) seen.push(found.id);
    }
    expect(pages).toBe(25);
    // ID order is IndexedDB's string order ("10" before "9").
    expect(seen).toEqual([...ids].sort());
  }, 60_000);

  it('scans an empty table as no pages', async () => {
    const pages: User[][] = [];
    for await (const page of handle.store.users.scan()) pages.push(page);
    expect(pages).toEqual([]);
  });

  it.each([
    ['an ID of "0"', user('0'), 'id'],
    ['a non-numeric ID', user('A12'), 'id'],
    ['a name over 48 characters', user('5', { name: 'x'.repeat(49) }), 'name'],
    ['9 cards', user('5', { cards: Array.from({ length: 9 }, (_, i) => card(i + 1)) }), 'cards'],
    ['an empty template', user('5', { fingers: [{ index: 0, flag: 0, templates: [''] }] }), 'fingers.0.templates.0'],
    ['a photo over 16 KB', user('5', { photo: b64(16 * 1024 + 1) }), 'photo'],
    ['a PIN hash of the wrong size', user('5', { pinHash: b64(16) }), 'pinHash'],
    ['a period that ends before it starts', user('5', { periodStart: 200, periodEnd: 100 }), 'periodEnd'],
    ['card data that is not base64', user('5', { cards: [{ type: 1, data: '%%%' }] }), 'cards.0.data'],
    ['an unknown field', { ...user('5'), admin: true } as User, 'user'],
    ['a missing field', { id: '5', name: 'Half a user' } as unknown as User, 'email'],
  ])('refuses %s, naming the field, and stores the valid users of the batch', async (_what, candidate, field) => {
    const result = await handle.store.users.put([user('1'), candidate, user('2')]);
    expect(result.stored).toEqual(['1', '2']);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]!.problems.map((problem) => problem.field)).toContain(field);
    expect(await handle.store.users.count()).toBe(2);
  });

  it('refuses a card another stored user holds, naming that user, and keeps the owner as it was', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] })]);
    const result = await handle.store.users.put([user('2', { cards: [card(2), card(1)] })]);
    expect(result.stored).toEqual([]);
    expect(result.refused).toEqual([{ id: '2', problems: [{ field: 'cards.1', message: 'this card already belongs to user 1' }] }]);
    expect(await handle.store.users.get(['1', '2'])).toEqual([user('1', { cards: [card(1)] }), undefined]);
  });

  it('refuses a card given twice within one batch, keeping the first', async () => {
    const result = await handle.store.users.put([user('1', { cards: [card(1)] }), user('2', { cards: [card(1)] })]);
    expect(result.stored).toEqual(['1']);
    expect(result.refused).toEqual([{ id: '2', problems: [{ field: 'cards.0', message: 'this card already belongs to user 1 (earlier in this batch)' }] }]);
  });

  it('lets a user keep its own card, and frees a card its owner dropped', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] })]);
    expect((await handle.store.users.put([user('1', { name: 'Renamed', cards: [card(1)] })])).stored).toEqual(['1']);
    // Within one batch: the owner drops the card first, then another user takes it.
    const swap = await handle.store.users.put([user('1', { cards: [card(3)] }), user('2', { cards: [card(1)] })]);
    expect(swap).toEqual({ stored: ['1', '2'], refused: [] });
    // The old owner cannot take it back now.
    expect((await handle.store.users.put([user('1', { cards: [card(1)] })])).refused[0]?.problems[0]?.message).toBe(
      'this card already belongs to user 2',
    );
  });

  it('refuses the whole write rather than move a card, should a card be taken behind its back', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] })]);
    // Another writer (there must never be one) gives card 9 to user 77 directly.
    await handle.database.cardOwners.add({ key: cardKey(card(9)), userId: '77' });
    await expect(handle.store.users.put([user('2', { cards: [card(9)] })])).rejects.toThrow(StoreWriteError);
    expect(await handle.store.users.count()).toBe(1);
    expect(await handle.database.cardOwners.get(cardKey(card(9)))).toEqual({ key: cardKey(card(9)), userId: '77' });
  });

  it('refuses a user listed twice in one batch', async () => {
    const result = await handle.store.users.put([user('1'), user('1', { name: 'Again' })]);
    expect(result.stored).toEqual(['1']);
    expect(result.refused).toEqual([{ id: '1', problems: [{ field: 'id', message: 'user 1 is listed twice in this batch' }] }]);
    expect((await handle.store.users.get(['1']))[0]?.name).toBe('User 1');
  });

  it('stores nothing from a batch where every user is refused', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] })]);
    const changes = recordChanges();
    const result = await handle.store.users.put([user('0'), user('2', { cards: [card(1)] }), user('3', { name: 'x'.repeat(60) })]);
    expect(result.stored).toEqual([]);
    expect(result.refused.map((refusal) => refusal.id)).toEqual(['0', '2', '3']);
    expect(await handle.store.users.count()).toBe(1);
    expect(await handle.database.cardOwners.count()).toBe(1);
    expect(changes).toEqual([]);
  });

  it('deletes users and frees their cards', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] }), user('2')]);
    await handle.store.users.delete(['1', '404']);
    expect(await handle.store.users.get(['1', '2'])).toEqual([undefined, user('2')]);
    expect((await handle.store.users.put([user('3', { cards: [card(1)] })])).stored).toEqual(['3']);
  });

  it('stores large batches through several requests, in order', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => user(String(i + 1), { cards: [{ type: 1, data: Buffer.from(`card-${i}`).toString('base64') }] }));
    many.push(user('9999', { cards: [many[0]!.cards[0]!] }));
    const result = await handle.store.users.put(many);
    expect(result.stored).toHaveLength(2_500);
    expect(result.refused).toEqual([{ id: '9999', problems: [{ field: 'cards.0', message: 'this card already belongs to user 1' }] }]);
  });
});

describe('users: create-only put', () => {
  const createOnly = { createOnly: true };

  it('refuses an ID already stored, on the ID field, and leaves the stored user and its cards as they were', async () => {
    await handle.store.users.put([user('123', { name: 'Original', cards: [card(1)] })]);
    const changes = recordChanges();
    const result = await handle.store.users.put([user('123', { name: 'Intruder', cards: [card(2)] })], createOnly);
    expect(result).toEqual({ stored: [], refused: [{ id: '123', problems: [{ field: 'id', message: 'user ID 123 already exists' }] }] });
    expect(await handle.store.users.get(['123'])).toEqual([user('123', { name: 'Original', cards: [card(1)] })]);
    expect(changes).toEqual([]);
    // The refused user's card was never claimed: another user may take it.
    expect((await handle.store.users.put([user('7', { cards: [card(2)] })])).stored).toEqual(['7']);
  });

  it('adds the new users of a batch and reports the taken IDs in batch order', async () => {
    await handle.store.users.put([user('2')]);
    const result = await handle.store.users.put([user('1'), user('2', { name: 'Again' }), user('3')], createOnly);
    expect(result).toEqual({ stored: ['1', '3'], refused: [{ id: '2', problems: [{ field: 'id', message: 'user ID 2 already exists' }] }] });
    expect((await handle.store.users.get(['2']))[0]?.name).toBe('User 2');
  });

  it('lets exactly one of two writers adding the same ID at once succeed', async () => {
    const [first, second] = await Promise.all([
      handle.store.users.put([user('55', { name: 'Window A' })], createOnly),
      handle.store.users.put([user('55', { name: 'Window B' })], createOnly),
    ]);
    expect(first).toEqual({ stored: ['55'], refused: [] });
    expect(second.refused[0]?.problems).toEqual([{ field: 'id', message: 'user ID 55 already exists' }]);
    expect((await handle.store.users.get(['55']))[0]?.name).toBe('Window A');
  });

  it('checks the database itself, not what the host remembers', async () => {
    // Stored behind the database host's back (there must never be another writer).
    await handle.database.users.add(user('77', { name: 'Stored elsewhere' }));
    const result = await handle.store.users.put([user('77')], createOnly);
    expect(result.refused.map((refusal) => refusal.id)).toEqual(['77']);
    expect((await handle.store.users.get(['77']))[0]?.name).toBe('Stored elsewhere');
  });

  it('still refuses invalid users and taken cards with their own reasons', async () => {
    await handle.store.users.put([user('1', { cards: [card(1)] })]);
    const result = await handle.store.users.put([user('0'), user('2', { cards: [card(1)] })], createOnly);
    expect(result.stored).toEqual([]);
    expect(result.refused.map(({ id, problems }) => [id, problems[0]?.field])).toEqual([
      ['0', 'id'],
      ['2', 'cards.0'],
    ]);
  });
});

describe('access tables', () => {
  const door = (id: number, change: Partial<Door> = {}): Door => ({ ...testDoor(id), ...change });

  it('puts, lists and deletes records', async () => {
    await handle.store.doors.put([door(2), door(1)]);
    await handle.store.accessGroups.put([{ id: 1, name: 'Night shift', levelIds: [1] }]);
    await handle.store.accessLevels.put([{ id: 1, name: 'Lobby', doorSchedules: [{ doorId: 1, scheduleId: 1 }] }]);
    await handle.store.schedules.put([{ id: 1, name: 'Always', days: Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]) }]);
    await handle.store.zones.put([
      {
        id: 1,
        name: 'Lobby APB',
        kind: 'anti-passback',
        mode: 'hard',
        resetMinutes: 1440,
        members: [
          { deviceId: 540_000_001, role: 'entry' },
          { deviceId: 540_000_002, role: 'exit' },
        ],
      },
    ]);
    expect(await handle.store.doors.all()).toEqual([door(1), door(2)]);
    expect(await handle.store.accessGroups.all()).toHaveLength(1);
    expect(await handle.store.accessLevels.all()).toHaveLength(1);
    expect(await handle.store.schedules.all()).toHaveLength(1);
    expect(await handle.store.zones.all()).toHaveLength(1);
    await handle.store.doors.delete([1]);
    expect(await handle.store.doors.all()).toEqual([door(2)]);
  });

  it('refuses a whole batch with one invalid record, naming it and the field', async () => {
    await handle.store.doors.put([door(1)]);
    const attempt = handle.store.doors.put([door(1, { name: 'Changed' }), door(2, { relayPort: 99 })]);
    await expect(attempt).rejects.toThrow(StoreWriteError);
    await expect(attempt).rejects.toThrow('door 2 was refused: relayPort');
    expect(await handle.store.doors.all()).toEqual([door(1)]);
    await expect(handle.store.schedules.put([{ id: 1, name: 'Short week', days: [[]] }])).rejects.toThrow('schedule 1 was refused: days');
    await expect(handle.store.doors.put([door(3), door(3)])).rejects.toThrow('listed twice');
  });
});

describe('journal', () => {
  it('records, reads and clears per device', async () => {
    await handle.store.journal.record([1], new Map([['10', 'h10'], ['11', 'h11'], ['12', 'h12']]), []);
    await handle.store.journal.record([2], new Map([['10', 'other']]), []);
    await handle.store.journal.record([1], new Map([['10', 'h10b']]), ['11', '404']);
    expect(await handle.store.journal.read(1)).toEqual(new Map([['10', 'h10b'], ['12', 'h12']]));
    await handle.store.journal.clear(1);
    expect(await handle.store.journal.read(1)).toEqual(new Map());
    expect(await handle.store.journal.read(2)).toEqual(new Map([['10', 'other']]));
  });

  it('stores a batch confirmed by many devices once, and keeps it until the last device lets go', async () => {
    await handle.store.journal.record([1, 2, 3], new Map([['10', 'h10'], ['11', 'h11']]), []);
    expect(await handle.database.journalEntries.count()).toBe(1);
    expect(await handle.database.journalLinks.count()).toBe(3);
    await handle.store.journal.record([2], new Map([['12', 'h12']]), ['10']);
    expect(await handle.store.journal.read(1)).toEqual(new Map([['10', 'h10'], ['11', 'h11']]));
    expect(await handle.store.journal.read(2)).toEqual(new Map([['11', 'h11'], ['12', 'h12']]));
    await handle.store.journal.clear(1);
    await handle.store.journal.clear(3);
    expect(await handle.database.journalEntries.count()).toBe(2); // device 2 still links the shared one
    await handle.store.journal.clear(2);
    expect(await handle.database.journalEntries.count()).toBe(0);
    expect(await handle.database.journalLinks.count()).toBe(0);
  });

  it('folds a long history into one entry when read, with the same result', async () => {
    const expected = new Map<string, string>();
    for (let batch = 0; batch < JOURNAL_COMPACT_AFTER + 6; batch++) {
      const written = new Map([[`${batch}`, `h${batch}`], ['0', `again${batch}`]]);
      const removed = batch % 3 === 2 ? [`${batch - 1}`] : [];
      await handle.store.journal.record([1, 2], written, removed);
      for (const [id, hash] of written) expected.set(id, hash);
      for (const id of removed) expected.delete(id);
    }
    expect(await handle.store.journal.read(1)).toEqual(expected);
    expect(await handle.database.journalLinks.where('deviceId').equals(1).count()).toBe(1);
    expect(await handle.store.journal.read(1)).toEqual(expected);
    // Device 2 never read: every entry stays for it, and it folds to the same journal.
    expect(await handle.database.journalEntries.count()).toBe(JOURNAL_COMPACT_AFTER + 6 + 1);
    expect(await handle.store.journal.read(2)).toEqual(expected);
    expect(await handle.database.journalEntries.count()).toBe(2);
  });

  it('folds the journals of a fleet whose entries are shared by many devices, all read at once', async () => {
    // The device-origin pattern: each user pulled from one reader is one entry for that reader
    // (its record adopted) and one for the 19 others (the fan-out). Compacting such journals once
    // walked the shared entries' links key by key and stalled for seconds per device.
    const devices = Array.from({ length: 20 }, (_, index) => index + 1);
    const entries = 200;
    for (let n = 0; n < entries; n++) {
      const origin = (n % devices.length) + 1;
      await handle.store.journal.record(
        devices.filter((id) => id !== origin),
        new Map([[`${n}`, 'merged']]),
        [],
      );
      await handle.store.journal.record([origin], new Map([[`${n}`, 'merged']]), []);
    }
    const journals = await Promise.all(devices.map((id) => handle.store.journal.read(id)));
    for (const journal of journals) expect(journal.size).toBe(entries);
    // Each device is down to one entry of its own; the shared ones went with their last link.
    expect(await handle.database.journalLinks.count()).toBe(devices.length);
    expect(await handle.database.journalEntries.count()).toBe(devices.length);
  });
});

describe('events', () => {
  const event = (change: Partial<ConsoleEvent>): ConsoleEvent => ({
    time: 1_700_000_000_000,
    source: 'device',
    kind: 'device.0x2000',
    level: 'info',
    message: 'User enrolled',
    deviceId: 540_000_001,
    userId: '7',
    deviceEventId: 100,
    ...change,
  });
  const consoleEvent = (message: string) => event({ source: 'console', kind: 'sync.started', deviceId: null, deviceEventId: null, userId: null, message });

  it('stores a device event once per device and device event ID; console events never collide', async () => {
    await handle.store.events.add([event({}), event({}), consoleEvent('a'), consoleEvent('b')]);
    await handle.store.events.add([event({}), event({ deviceEventId: 101 }), event({ deviceId: 540_000_002 }), consoleEvent('c')]);
    const stored = await handle.database.events.orderBy('seq').toArray();
    expect(stored.map((row) => [row.deviceId, row.deviceEventId, row.message])).toEqual([
      [540_000_001, 100, 'User enrolled'],
      [null, null, 'a'],
      [null, null, 'b'],
      [540_000_001, 101, 'User enrolled'],
      [540_000_002, 100, 'User enrolled'],
      [null, null, 'c'],
    ]);
  });

  it('stores a device event once per device, event ID and run of IDs: after a log restart, the new run beside the old one', async () => {
    await handle.store.events.add([event({}), event({ deviceLogEpoch: 1, message: 'Enrolled again' }), event({ deviceLogEpoch: 1 }), event({ deviceLogEpoch: 2 })]);
    await handle.store.events.add([event({ deviceLogEpoch: 1 }), event({})]);
    const stored = await handle.database.events.orderBy('seq').toArray();
    expect(stored.map((row) => [row.deviceEventId, row.deviceLogEpoch ?? 0, row.message])).toEqual([
      [100, 0, 'User enrolled'],
      [100, 1, 'Enrolled again'],
      [100, 2, 'User enrolled'],
    ]);
  });

  it('finds a stored device event by device, event ID and run of IDs, and answers null for one it never stored', async () => {
    await handle.store.events.add([event({}), event({ deviceLogEpoch: 1, kind: 'device.0x5200', userId: null, time: 1_700_000_009_000 })]);
    expect(await handle.store.events.deviceEvent(540_000_001, 100, 0)).toEqual({ time: 1_700_000_000_000, kind: 'device.0x2000', userId: '7' });
    expect(await handle.store.events.deviceEvent(540_000_001, 100, 1)).toEqual({ time: 1_700_000_009_000, kind: 'device.0x5200', userId: null });
    expect(await handle.store.events.deviceEvent(540_000_001, 100, 2)).toBeNull();
    expect(await handle.store.events.deviceEvent(540_000_001, 101, 0)).toBeNull();
    expect(await handle.store.events.deviceEvent(540_000_002, 100, 0)).toBeNull();
  });

  it('stores each event with the category of its kind, for the event log filter', async () => {
    await handle.store.events.add([event({}), event({ kind: 'device.0x5400', deviceEventId: 101 }), event({ kind: 'device.0x9999', deviceEventId: 102 }), consoleEvent('a')]);
    const stored = await handle.database.events.orderBy('seq').toArray();
    expect(stored.map((row) => [row.kind, row.category])).toEqual([
      ['device.0x2000', 'user'],
      ['device.0x5400', 'door'],
      ['device.0x9999', 'device'],
      ['sync.started', 'sync'],
    ]);
  });

  it('refuses a batch with a malformed event, storing none of it', async () => {
    const bad = { ...event({ deviceEventId: 5 }), level: 'panic' } as unknown as ConsoleEvent;
    await expect(handle.store.events.add([event({}), bad])).rejects.toThrow('event 1 was refused: level');
    expect(await handle.database.events.count()).toBe(0);
  });
});

describe('settings', () => {
  it('stores JSON values by key and answers undefined for a missing key', async () => {
    expect(await handle.store.settings.get('sync.mode')).toBeUndefined();
    await handle.store.settings.put('sync.mode', { mode: 'all-devices', devices: [1, 2], note: null });
    expect(await handle.store.settings.get('sync.mode')).toEqual({ mode: 'all-devices', devices: [1, 2], note: null });
    await handle.store.settings.put('sync.mode', 'not-used');
    expect(await handle.store.settings.get('sync.mode')).toBe('not-used');
  });

  it('refuses values that are not JSON instead of storing them changed', async () => {
    await expect(handle.store.settings.put('when', new Date(0))).rejects.toThrow(StoreWriteError);
    await expect(handle.store.settings.put('nothing', undefined)).rejects.toThrow('not a JSON value');
    await expect(handle.store.settings.put('nan', Number.NaN)).rejects.toThrow('not a JSON value');
  });
});

describe('onChange', () => {
  it('tells after the commit which records a write changed', async () => {
    const seenStored: (User | undefined)[] = [];
    const changes: StoreChange[] = [];
    handle.store.onChange((change) => {
      changes.push(change);
      // The write has committed: a reader already sees it.
      if (change.table === 'users') void handle.database.users.get(change.ids[0]!).then((found) => seenStored.push(found));
    });
    await handle.store.users.put([user('1'), user('0')]);
    await handle.store.doors.put([{ ...testDoor(4), name: 'Gate' }]);
    await handle.store.users.delete(['1', '2']);
    await handle.store.doors.delete([4, 5]);
    await handle.store.journal.record([1], new Map([['1', 'h']]), []);
    expect(changes).toEqual([
      { table: 'users', ids: ['1'] },
      { table: 'doors', ids: [4] },
      { table: 'users', ids: ['1'] },
      { table: 'doors', ids: [4] },
    ]);
    await expect.poll(() => seenStored.length).toBe(2);
    expect(seenStored[0]?.id).toBe('1');
  });

  it('stops telling a listener that unsubscribed', async () => {
    const changes = recordChanges();
    const unsubscribe = handle.store.onChange(() => {});
    unsubscribe();
    await handle.store.users.put([user('1')]);
    expect(changes).toHaveLength(1);
  });
});

function recordChanges(): StoreChange[] {
  const changes: StoreChange[] = [];
  handle.store.onChange((change) => changes.push(change));
  return changes;
}
