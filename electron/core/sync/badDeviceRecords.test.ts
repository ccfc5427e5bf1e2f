import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { User } from '../../../shared/domain/user';
import { ContractError, dispatchRequest, type CallerSession } from '../../../shared/ipc/dispatch';
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { USER_LIMITS } from '../../../shared/limits';
import type { UserInfo } from '../../gsdk';
import type { WireFaults } from '../../sim/rawUsers';
import { testUser } from '../../sim/testSupport';
import { userToJson, type UserJson } from '../../sim/userJson';
import { signedInAdministrator } from '../operators/testSessions';
import { deviceDifferences, harnessesClosedAfterEach, siteUsers, waitFor, waitForState, type SyncHarness } from './syncTestSupport';

/*
 * Issue 8, bad input: records a device holds that break the rules (as a firmware could hold them:
 * the virtual gateway's raw enrollment, control API `"raw": true`), met by the device-origin
 * pipeline (pulled after the enrollment or edit event) and by "Upload to console", over real gRPC.
 * For each: the specific reason, in a "Fail to save to the server DB" event; the database as it
 * was (the existing copy of that user, every other user); the readers' other users as they were;
 * the bad record left on its reader only (a new user) or replaced by the console's (a known one).
 */

const harness = harnessesClosedAfterEach();
const [A, B] = [801, 802] as const;
const READERS = [A, B];
/** Users 1..3 are the console's, on both readers; user 2 is the one a reader edits badly. */
const KNOWN = '2';

interface BadRecord {
  what: string;
  /** The record as the reader holds it; `wire`: what the gateway puts on the wire instead (rawUsers.ts). */
  record: (h: SyncHarness, id: string) => Promise<UserInfo>;
  wire?: WireFaults;
  /** The reason the console gives, after "Fail to save to the server DB: user <id> from <reader>: ". */
  reason: string | RegExp;
}

const unreadable = (reason: string): string => `the device's record cannot be read: ${reason}`;
const bytes = (size: number, fill = 1): Buffer => Buffer.alloc(size, fill);

/** The reader's current record of `id` (or a fresh one), changed by `change`. */
function edited(change: (info: UserInfo) => void): BadRecord['record'] {
  return async (h, id) => {
    const held = h.site.device(A)?.user(id);
    const info: UserInfo = held ? { ...held, hdr: { ...held.hdr } } : testUser(id, { cards: 1, fingers: 1 });
    change(info);
    return info;
  };
}

async function cardOfUser1(h: SyncHarness): Promise<{ type: number; size: number; data: Buffer }> {
  const card = (await h.database.store.users.get(['1']))[0]?.cards[0];
  if (!card) throw new Error('user 1 has no card');
  const data = Buffer.from(card.data, 'base64');
  return { type: card.type, size: data.length, data };
}

/** Bad in every way a record can be, whoever the user is. */
const BAD_CONTENT: BadRecord[] = [
  { what: 'a name over 48 characters', record: edited((info) => (info.name = 'N'.repeat(49))), reason: unreadable('name is longer than 48 characters') },
  {
    what: 'a name that is not UTF-8',
    record: edited(() => undefined),
    wire: { nameBytes: Buffer.from([0x41, 0x64, 0xff, 0xfe, 0x61]) },
    reason: unreadable('name is not valid UTF-8 text'),
  },
  {
    what: 'a record whose bytes do not decode',
    record: edited(() => undefined),
    wire: { undecodable: true },
    reason: /^the device's record cannot be read: gateway 127\.0\.0\.1:\d+ answered User\.Get with a message that does not decode \(Response message parsing error: /,
  },
  {
    what: '9 cards',
    record: edited((info) => (info.cards = Array.from({ length: 9 }, (_, i) => ({ type: 1, size: 4, data: Buffer.from([0xc0, 0xde, 7, i]) })))),
    reason: unreadable('9 cards (at most 8)'),
  },
  {
    what: '11 fingerprints',
    record: edited((info) => (info.fingers = Array.from({ length: 11 }, (_, index) => ({ index, flag: 0, templates: [bytes(384), bytes(384, 2)] })))),
    reason: unreadable('11 fingerprints (at most 10)'),
  },
  {
    what: 'an empty template',
    record: edited((info) => (info.fingers = [{ index: 0, flag: 0, templates: [bytes(384), Buffer.alloc(0)] }])),
    reason: unreadable('fingerprint 0: an empty template'),
  },
  {
    what: 'a photo over 16 KB',
    record: edited((info) => (info.photo = bytes(USER_LIMITS.photoMaxBytes + 1))),
    reason: unreadable(`photo is ${USER_LIMITS.photoMaxBytes + 1} bytes (at most ${USER_LIMITS.photoMaxBytes})`),
  },
  {
    what: 'a time period that ends before it starts',
    record: edited((info) => (info.setting = { startTime: 1_800_000_000, endTime: 1_700_000_000, biometricAuthMode: 0, cardAuthMode: 0, IDAuthMode: 0, securityLevel: 0 })),
    reason: unreadable('the validity period ends before it starts'),
  },
];

/** Bad only as a new user: its ID. */
const BAD_IDS: (BadRecord & { id: string; shownId: string })[] = [
  { what: 'an ID of "0"', id: '0', shownId: '0', record: edited(() => undefined), reason: unreadable('user ID may not be "0"') },
  {
    what: 'an ID over 32 bytes',
    id: '1'.repeat(33),
    shownId: `${'1'.repeat(32)}…`,
    record: edited(() => undefined),
    reason: unreadable('user ID is longer than 32 bytes'),
  },
  {
    what: 'a non-numeric ID on a site of numeric IDs',
    id: 'A7',
    shownId: 'A7',
    record: edited(() => undefined),
    reason: 'id: user ID must be a number from 1 to 4294967294',
  },
];

const NEW_USER_CASES = [
  ...BAD_IDS,
  ...BAD_CONTENT.map((bad) => ({ ...bad, id: '9001', shownId: '9001' })),
  {
    what: 'a card already owned by another user',
    id: '9001',
    shownId: '9001',
    record: async (h: SyncHarness, id: string) => ({ ...testUser(id, { cards: 0, fingers: 1 }), cards: [await cardOfUser1(h)] }),
    reason: 'cards.0: this card already belongs to user 1',
  },
];

const KNOWN_USER_CASES: BadRecord[] = [
  ...BAD_CONTENT,
  {
    what: 'a card already owned by another user',
    record: async (h, id) => {
      const held = h.site.device(A)?.user(id);
      if (!held) throw new Error(`user ${id} is not on the reader`);
      return { ...held, cards: [...held.cards, await cardOfUser1(h)] };
    },
    reason: 'cards.1: this card already belongs to user 1',
  },
];

async function startSite(): Promise<SyncHarness> {
  const h = await harness({ devices: READERS.map((deviceID) => ({ deviceID, model: 'BioStation 2' })), users: siteUsers(3), syncMode: 'all-with-device' });
  for (const id of READERS) await waitForState(h, id, 'in-sync');
  await h.engine.whenIdle();
  return h;
}

/** What must not change: every user in the database, and the readers' users but `except`. */
async function storedState(h: SyncHarness, except: string): Promise<{ users: User[]; readers: Record<number, UserJson[]> }> {
  const users: User[] = [];
  for await (const page of h.database.store.users.scan()) users.push(...page);
  const held = (deviceId: number): UserJson[] => (h.site.device(deviceId)?.users() ?? []).filter((info) => info.hdr.ID !== except).map(userToJson);
  return { users, readers: Object.fromEntries(READERS.map((id) => [id, held(id)])) };
}

async function failureEvent(h: SyncHarness, kind: string, startsWith: string): Promise<ConsoleEvent> {
  let found: ConsoleEvent | undefined;
  const look = async (): Promise<void> => {
    found = (await h.database.database.events.toArray()).find((event) => event.kind === kind && event.message.startsWith(startsWith));
  };
  const deadline = Date.now() + 10_000;
  for (await look(); !found; await look()) {
    if (Date.now() > deadline) throw new Error(`no ${kind} event starting "${startsWith}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return found as ConsoleEvent;
}

async function present(h: SyncHarness, bad: BadRecord, id: string): Promise<void> {
  h.site.enrollRawAtDevice(A, await bad.record(h, id), bad.wire);
}

/** The whole message: the prefix and the reason (exact, or a pattern where the gateway's words vary). */
function withPrefix(prefix: string, reason: string | RegExp): unknown {
  return typeof reason === 'string' ? `${prefix}${reason}` : expect.stringMatching(new RegExp(`^${escaped(prefix)}${reason.source.replace(/^\^/, '')}`));
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const readerName = (h: SyncHarness): string => h.core.registry.get(h.key(A))?.name ?? `device ${A}`;

function upload(h: SyncHarness, userIds: string[]): Promise<unknown> {
  return dispatchRequest(h.core.handlers as RequestHandlers<CallerSession>, 'uploadDeviceUsers', { deviceId: A, userIds }, signedInAdministrator);
}

describe('bad records from a device: a new user', () => {
  it.each(NEW_USER_CASES)('$what: refused with the reason and an event; nothing stored changes; the record stays on its reader only', async (bad) => {
    const h = await startSite();
    const before = await storedState(h, bad.id);
    await present(h, bad, bad.id);

    const prefix = `Fail to save to the server DB: user ${bad.shownId} from ${readerName(h)}: `;
    const pulled = await failureEvent(h, 'deviceOrigin.saveFailed', prefix);
    expect(pulled).toMatchObject({ message: withPrefix(prefix, bad.reason), level: 'error', deviceId: A });
    await h.engine.whenIdle();
    expect(await storedState(h, bad.id)).toEqual(before);
    expect(h.site.device(A)?.user(bad.id)).toBeDefined();
    expect(h.site.device(B)?.user(bad.id)).toBeUndefined();

    // "Upload to console" refuses it the same way; an ID no request may name is refused by the contract.
    if (bad.id.length > USER_LIMITS.idMaxBytes) {
      await expect(upload(h, [bad.id])).rejects.toThrow(new ContractError('invalid arguments for uploadDeviceUsers at userIds.0: Too big: expected string to have <=32 characters'));
    } else {
      await expect(upload(h, [bad.id])).resolves.toEqual({ stored: [], refused: [{ id: bad.id, reason: withPrefix('', bad.reason) }] });
      expect((await failureEvent(h, 'user.saveFailed', prefix)).message).toEqual(withPrefix(prefix, bad.reason));
    }
    await h.engine.whenIdle();
    expect(await storedState(h, bad.id)).toEqual(before);
  });
});

describe('bad records from a device: a user the console has', () => {
  it.each(KNOWN_USER_CASES)('$what: refused with the reason and an event; the console’s copy stands and goes back to the reader', async (bad) => {
    const h = await startSite();
    const before = await storedState(h, KNOWN);
    await present(h, bad, KNOWN);

    const prefix = `Fail to save to the server DB: user ${KNOWN} from ${readerName(h)}: `;
    expect((await failureEvent(h, 'deviceOrigin.saveFailed', prefix)).message).toEqual(withPrefix(prefix, bad.reason));
    // Reader B was never touched: A holds the console's record again once it holds what B does.
    const heldAt = (deviceId: number): string => JSON.stringify(userToJson(h.site.device(deviceId)?.user(KNOWN) ?? testUser('none')));
    await waitFor(h, () => heldAt(A) === heldAt(B), 'the console’s record of user 2 back on the reader');
    await h.engine.whenIdle();
    expect(await storedState(h, KNOWN)).toEqual(before);
    for (const id of READERS) expect(await deviceDifferences(h, id)).toEqual([]);
  });
});

describe('bad records from a device: the deep check', () => {
  it('names every unreadable record of a console user with its reason; nothing stored changes; a sync writes the console’s records back', async () => {
    const h = await harness({ devices: [{ deviceID: A, model: 'BioStation 2' }], users: siteUsers(3), syncMode: 'not-used' });
    await waitForState(h, A, 'out-of-sync');
    await h.core.handlers.syncDevice({ deviceId: A });
    await waitForState(h, A, 'in-sync');
    const before = await storedState(h, 'none');
    const spoiled = new Map(BAD_CONTENT.slice(0, 3).map((bad, i) => [String(i + 1), bad]));
    for (const [id, bad] of spoiled) await present(h, bad, id);

    await dispatchRequest(h.core.handlers as RequestHandlers<CallerSession>, 'checkDevice', { deviceId: A }, signedInAdministrator);
    await waitFor(h, () => h.sync(A)?.outdated === spoiled.size, 'the spoiled users outdated');
    await h.engine.whenIdle();
    const named = (await h.database.database.events.toArray()).filter((event) => event.kind === 'check.unreadable');
    expect(named.map((event) => [event.userId, event.message])).toEqual(
      [...spoiled].map(([id, bad]) => [id, withPrefix(`Deep check of ${readerName(h)}: user ${id}: `, bad.reason)]),
    );
    expect((await storedState(h, 'none')).users).toEqual(before.users);

    await h.core.handlers.syncDevice({ deviceId: A });
    await waitFor(h, () => [...spoiled.keys()].every((id) => h.site.device(A)?.user(id)?.name === `User ${id}`), 'the console’s records back');
    expect(await deviceDifferences(h, A)).toEqual([]);
  });
});
