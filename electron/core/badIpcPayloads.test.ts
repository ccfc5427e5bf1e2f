import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import type { EventSink, RequestHandlers } from '../../shared/ipc/contract';
import { ContractError, dispatchRequest } from '../../shared/ipc/dispatch';
import { ConsoleCore } from './consoleCore';
import { OperatorAccounts } from './operators/operatorAccounts';
import { OperatorSessions, type OperatorSession } from './operators/operatorSessions';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';
import { siteUsers } from './sync/syncTestSupport';

/*
 * Issue 8, bad input: IPC payloads off the contract (shared/ipc/contract.ts), sent by a window's
 * session through dispatchRequest to the real core, as the Electron shell and the bridge do. Each
 * is refused with the specific reason, logged as an "operator.offContract" console event naming
 * the operator, and nothing stored changes (the handler never ran).
 */

const nobody: EventSink = { emit: () => undefined };
const started: { core: ConsoleCore; database: InProcessStore }[] = [];
afterEach(async () => {
  for (const { core, database } of started.splice(0)) {
    await core.stop();
    await database.close();
  }
});

async function consoleWithUsers(): Promise<{ core: ConsoleCore; database: InProcessStore; session: OperatorSession }> {
  const database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  await database.store.users.put(siteUsers(2));
  const core = new ConsoleCore({
    gateways: [],
    appInfo: { version: 'test', shell: 'host', virtualSite: null },
    store: database.store,
    operators: OperatorAccounts.inMemoryWithAdministrator('Ada'),
  });
  core.start();
  started.push({ core, database });
  return { core, database, session: core.openSession(nobody) };
}

const validUser = siteUsers(1, 900)[0];

const CASES: { what: string; name: string; args: unknown; reason: string }[] = [
  { what: 'a request name outside the contract', name: 'deleteEverything', args: undefined, reason: 'unknown request "deleteEverything"' },
  { what: 'a prototype key as the name', name: '__proto__', args: undefined, reason: 'unknown request "__proto__"' },
  { what: 'arguments for a request that takes none', name: 'listDevices', args: { all: true }, reason: 'invalid arguments for listDevices: Invalid input: expected undefined, received object' },
  { what: 'a number where the user ID is text', name: 'saveUser', args: { user: { ...validUser, id: 5 } }, reason: 'invalid arguments for saveUser at user.id: Invalid input: expected string, received number' },
  { what: 'a user without its fields', name: 'saveUser', args: { user: { id: '901' } }, reason: 'invalid arguments for saveUser at user.name: Invalid input: expected string, received undefined' },
  {
    what: 'a field the user record does not have',
    name: 'saveUser',
    args: { user: { ...validUser, isAdmin: true } },
    reason: 'invalid arguments for saveUser at user: Unrecognized key: "isAdmin"',
  },
  {
    what: 'an own "__proto__" key (JSON.parse makes one)',
    name: 'saveUser',
    args: JSON.parse(`{"user": ${JSON.stringify(validUser)}, "__proto__": {"polluted": true}}`) as unknown,
    reason: 'invalid arguments for saveUser: Unrecognized key: "__proto__"',
  },
  { what: 'template data that is not base64', name: 'saveUser', args: { user: { ...validUser, cards: [{ type: 1, data: '<script>' }] } }, reason: 'invalid arguments for saveUser at user.cards.0.data: is not base64' },
  { what: 'a negative device ID', name: 'syncDevice', args: { deviceId: -1 }, reason: 'invalid arguments for syncDevice at deviceId: Too small: expected number to be >0' },
  { what: 'a user ID over 32 characters', name: 'uploadDeviceUsers', args: { deviceId: 1, userIds: ['1'.repeat(33)] }, reason: 'invalid arguments for uploadDeviceUsers at userIds.0: Too big: expected string to have <=32 characters' },
  { what: 'a sync mode the console does not have', name: 'setSyncMode', args: { mode: 'everything' }, reason: 'invalid arguments for setSyncMode at mode: Invalid option: expected one of "not-used"|"all"|"all-with-device"|"specific"' },
  { what: 'a string where an object belongs', name: 'deleteUsers', args: 'all', reason: 'invalid arguments for deleteUsers: Invalid input: expected object, received string' },
];

async function offContractEvents(database: InProcessStore): Promise<ConsoleEvent[]> {
  return (await database.database.events.toArray()).filter((event) => event.kind === 'operator.offContract');
}

describe('IPC payloads off the contract, through dispatchRequest to the real core', () => {
  it.each(CASES)('$what: refused with the reason, logged, nothing stored changes', async ({ name, args, reason }) => {
    const { core, database, session } = await consoleWithUsers();
    const before = await database.database.users.toArray();

    const refusal = dispatchRequest(core.handlers as RequestHandlers<OperatorSession>, name, args, session);
    await expect(refusal).rejects.toThrow(new ContractError(reason));

    await core.stop();
    expect(await offContractEvents(database)).toEqual([
      expect.objectContaining({ level: 'warning', source: 'console', message: `Ada (Administrator)'s window sent a request the console refused: ${reason}` }),
    ]);
    expect(await database.database.users.toArray()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the text of a refused request in the log', () => {
  it('is cleaned of control characters and bidirectional overrides (the name was cut to 64 characters first)', async () => {
    const { core, database, session } = await consoleWithUsers();
    const name = `sync\u0007Device\u202E${'x'.repeat(400)}`;
    await expect(dispatchRequest(core.handlers as RequestHandlers<OperatorSession>, name, undefined, session)).rejects.toThrow(ContractError);
    await core.stop();
    const [logged] = await offContractEvents(database);
    expect(logged?.message).toBe(`Ada (Administrator)'s window sent a request the console refused: unknown request "syncDevice${'x'.repeat(52)}"`);
  });
});

describe('a window sending refused requests in a loop', () => {
  it('is logged once a second at most, the rest counted in the next entry', async () => {
    let now = 1_000_000;
    const audit: ConsoleEvent[] = [];
    const sessions = new OperatorSessions({ ...OperatorAccounts.inMemoryWithAdministrator('Ada'), audit: (event) => audit.push(event), now: () => now });
    const session = sessions.open(nobody);

    for (let i = 0; i < 50; i += 1) session.offContract(`unknown request "x${i}"`);
    now += 1_000;
    session.offContract('unknown request "last"');

    expect(audit.map((event) => event.message)).toEqual([
      `Ada (Administrator)'s window sent a request the console refused: unknown request "x0"`,
      `Ada (Administrator)'s window sent a request the console refused: unknown request "last" (and 49 more since the last entry)`,
    ]);
  });

  it('writes what a burst left out once it stops: at the next periodic check a second on, or when the window closes', () => {
    let now = 1_000_000;
    const audit: ConsoleEvent[] = [];
    const sessions = new OperatorSessions({ ...OperatorAccounts.inMemoryWithAdministrator('Ada'), audit: (event) => audit.push(event), now: () => now });
    const session = sessions.open(nobody);
    const other = sessions.open(nobody);

    for (let i = 0; i < 5; i += 1) session.offContract(`unknown request "x${i}"`);
    sessions.checkIdle();
    expect(audit).toHaveLength(1);
    now += 1_000;
    sessions.checkIdle();
    sessions.checkIdle();
    other.offContract('unknown request "y0"');
    other.offContract('unknown request "y1"');
    other.close();

    expect(audit.map((event) => event.message)).toEqual([
      `Ada (Administrator)'s window sent a request the console refused: unknown request "x0"`,
      `Ada (Administrator)'s window sent a request the console refused: unknown request "x4" (and 3 more since the last entry)`,
      `Ada (Administrator)'s window sent a request the console refused: unknown request "y0"`,
      `Ada (Administrator)'s window sent a request the console refused: unknown request "y1"`,
    ]);
  });

  it('names no operator for a window nobody is signed in to', () => {
    const audit: ConsoleEvent[] = [];
    const { accounts } = OperatorAccounts.inMemoryWithAdministrator('Ada');
    const session = new OperatorSessions({ accounts, audit: (event) => audit.push(event) }).open(nobody);
    session.offContract('unknown request "x"');
    expect(audit.map((event) => event.message)).toEqual(['A window nobody is signed in to sent a request the console refused: unknown request "x"']);
  });
});
