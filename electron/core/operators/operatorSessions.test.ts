import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { SessionView } from '../../../shared/domain/operators';
import { blankUser } from '../../../shared/domain/user';
import type { EventName, RequestHandlers } from '../../../shared/ipc/contract';
import { dispatchRequest } from '../../../shared/ipc/dispatch';
import { OperatorAccounts, OPERATORS_FILE } from './operatorAccounts';
import { operatorHandlers } from './operatorHandlers';
import { OperatorSessions, type OperatorSession } from './operatorSessions';

/*
 * The sessions, the operator requests and the dispatcher together, as a shell runs them: every
 * request goes through dispatchRequest with the session of its window.
 */

const MINUTE = 60_000;
let dir: string;
let clock: number;
let audit: ConsoleEvent[];
let sessions: OperatorSessions;
let handlers: RequestHandlers<OperatorSession>;

/** A window: its session, and what the core pushed to it. */
function openWindow() {
  const heard: { name: EventName; payload: unknown }[] = [];
  const session = sessions.open({ emit: (name, payload) => heard.push({ name, payload }) });
  const request = (name: string, args?: unknown) => dispatchRequest(handlers, name, args, session);
  const lastSession = () => heard.filter((event) => event.name === 'sessionChanged').at(-1)?.payload as SessionView | undefined;
  return { session, heard, request, lastSession };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sessions-'));
  clock = 1_700_000_000_000;
  audit = [];
  const accounts = await OperatorAccounts.open(path.join(dir, OPERATORS_FILE), { scrypt: { N: 1024, r: 8, p: 1 } });
  sessions = new OperatorSessions({ accounts, audit: (event) => audit.push(event), now: () => clock });
  // Only the operator requests are dispatched here; the others stand in for the console's.
  handlers = { ...operatorHandlers(sessions), listDevices: async () => [], saveUser: async () => ({ stored: true, problems: [] }) } as unknown as RequestHandlers<OperatorSession>;
});
afterEach(async () => {
  sessions.stop();
  await rm(dir, { recursive: true, force: true });
});

const user = { ...blankUser('1', 0), name: 'Guard' };

describe('operator sessions', () => {
  it('opens at the first start, creates the administrator, and then asks everyone to sign in', async () => {
    const first = openWindow();
    await expect(first.request('getSession')).resolves.toEqual({ state: 'setup' });
    await expect(first.request('listDevices')).rejects.toThrow('sign in first');
    const created = (await first.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' })) as SessionView;
    expect(created).toMatchObject({ state: 'signedIn', operator: { name: 'Ada', role: 'administrator' }, idleLockMinutes: 10 });
    await expect(first.request('listDevices')).resolves.toEqual([]);

    const second = openWindow();
    await expect(second.request('getSession')).resolves.toEqual({ state: 'signedOut' });
    await expect(second.request('createFirstAdministrator', { name: 'Eve', password: 'eve password' })).rejects.toThrow('exists already');
    await expect(second.request('signIn', { name: 'ada', password: 'ada password' })).resolves.toMatchObject({ state: 'signedIn' });
  });

  it('refuses a Monitoring operator’s write in the dispatcher, and audits the refusal', async () => {
    const admin = openWindow();
    await admin.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    await admin.request('addOperator', { name: 'Mona', role: 'monitoringOperator', password: 'mona password' });
    const monitor = openWindow();
    await monitor.request('signIn', { name: 'Mona', password: 'mona password' });
    await expect(monitor.request('listDevices')).resolves.toEqual([]);
    await expect(monitor.request('saveUser', { user })).rejects.toThrow('saveUser needs a User operator or a higher role; Mona is a Monitoring operator');
    await expect(monitor.request('addOperator', { name: 'Mallory', role: 'administrator', password: 'mallory password' })).rejects.toThrow('needs an Administrator');
    expect(audit.map((event) => event.message)).toContain('Mona (Monitoring operator) was refused saveUser: the role does not allow it');
    expect(sessions.accounts.list().map((account) => account.name)).toEqual(['Ada', 'Mona']);
  });

  it('locks after the idle time: requests are refused, the window is told, the password unlocks', async () => {
    const window = openWindow();
    await window.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    clock += 9 * MINUTE;
    await window.request('noteOperatorActivity');
    clock += 9 * MINUTE;
    // 18 minutes since the sign-in, 9 since the last input: still open.
    await expect(window.request('listDevices')).resolves.toEqual([]);
    clock += 1 * MINUTE;
    await expect(window.request('listDevices')).rejects.toThrow('the console is locked');
    expect(window.lastSession()).toMatchObject({ state: 'locked', operator: { name: 'Ada' } });
    await expect(window.request('noteOperatorActivity')).rejects.toThrow('locked');
    await expect(window.request('unlockSession', { password: 'wrong password' })).rejects.toThrow('Still locked');
    await expect(window.request('unlockSession', { password: 'ada password' })).resolves.toMatchObject({ state: 'signedIn' });
    await expect(window.request('listDevices')).resolves.toEqual([]);
    expect(audit.map((event) => event.kind)).toEqual(['operator.added', 'operator.locked', 'operator.unlockFailed', 'operator.unlocked']);
  });

  it('locks an idle window without a request (the timer), and withholds the core’s events meanwhile', async () => {
    const window = openWindow();
    await window.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    window.session.deliver('gatewaysChanged', []);
    clock += 10 * MINUTE;
    sessions.checkIdle();
    expect(window.lastSession()).toMatchObject({ state: 'locked' });
    window.session.deliver('gatewaysChanged', []);
    expect(window.heard.filter((event) => event.name === 'gatewaysChanged')).toHaveLength(1);
  });

  it('audits sign-in, failed sign-in and sign-out, never with the password', async () => {
    const window = openWindow();
    await window.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    await window.request('signOut');
    await expect(window.request('signIn', { name: 'Ada', password: 'guessed password' })).rejects.toThrow('wrong name or password');
    await expect(window.request('signIn', { name: 'Nobody', password: 'guessed password' })).rejects.toThrow('wrong name or password');
    await window.request('signIn', { name: 'Ada', password: 'ada password' });
    expect(audit.map((event) => [event.kind, event.level, event.message])).toEqual([
      ['operator.added', 'info', 'First start: Ada created the administrator account and signed in'],
      ['operator.signedOut', 'info', 'Ada (Administrator) signed out'],
      ['operator.signInFailed', 'warning', 'Failed sign-in as “Ada”: wrong name or password'],
      ['operator.signInFailed', 'warning', 'Failed sign-in as “Nobody”: wrong name or password'],
      ['operator.signedIn', 'info', 'Ada (Administrator) signed in'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('ada password');
    expect(JSON.stringify(audit)).not.toContain('guessed');
  });

  it('makes a name wait after five failed sign-ins in a row', async () => {
    const window = openWindow();
    await window.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    await window.request('signOut');
    for (let attempt = 0; attempt < 5; attempt += 1) await expect(window.request('signIn', { name: 'Ada', password: `guess ${attempt}` })).rejects.toThrow('wrong name');
    await expect(window.request('signIn', { name: 'Ada', password: 'ada password' })).rejects.toThrow('Too many failed sign-ins');
    clock += 31_000;
    await expect(window.request('signIn', { name: 'Ada', password: 'ada password' })).resolves.toMatchObject({ state: 'signedIn' });
  });

  it('makes guessing one’s own current password wait too: the same five failures for the name', async () => {
    const window = openWindow();
    await window.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    const change = (currentPassword: string) => window.request('changeOwnPassword', { currentPassword, newPassword: 'new ada password' });
    for (let attempt = 0; attempt < 5; attempt += 1) await expect(change(`guess ${attempt}`)).rejects.toThrow('current password is wrong');
    await expect(change('ada password')).rejects.toThrow('Too many failed');
    await window.request('signOut');
    await expect(window.request('signIn', { name: 'Ada', password: 'ada password' })).rejects.toThrow('Too many failed');
    clock += 31_000;
    await expect(window.request('signIn', { name: 'Ada', password: 'ada password' })).resolves.toMatchObject({ state: 'signedIn' });
    await expect(change('ada password')).resolves.toBeNull();
  });

  it('signs an operator out everywhere when an administrator resets their password, except the administrator’s own window', async () => {
    const admin = openWindow();
    await admin.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    const { id } = (await admin.request('addOperator', { name: 'Uma', role: 'userOperator', password: 'uma password' })) as { id: string };
    const uma = openWindow();
    await uma.request('signIn', { name: 'Uma', password: 'uma password' });
    await admin.request('resetOperatorPassword', { id, password: 'uma new password' });
    expect(uma.lastSession()).toEqual({ state: 'signedOut' });
    await expect(uma.request('listDevices')).rejects.toThrow('sign in first');
    await expect(uma.request('signIn', { name: 'Uma', password: 'uma new password' })).resolves.toMatchObject({ state: 'signedIn' });
    const adaId = sessions.accounts.list().find((account) => account.name === 'Ada')!.id;
    await admin.request('resetOperatorPassword', { id: adaId, password: 'ada new password' });
    await expect(admin.request('listDevices')).resolves.toEqual([]);
    expect(audit.map((event) => event.message)).toEqual(
      expect.arrayContaining(['Ada (Administrator) reset the password of operator “Uma” and signed them out of 1 window', 'Ada (Administrator) reset the password of operator “Ada”']),
    );
  });

  it('signs a removed operator out at once, and applies a changed role to the next request', async () => {
    const admin = openWindow();
    await admin.request('createFirstAdministrator', { name: 'Ada', password: 'ada password' });
    const { id } = (await admin.request('addOperator', { name: 'Uma', role: 'userOperator', password: 'uma password' })) as { id: string };
    const other = openWindow();
    await other.request('signIn', { name: 'Uma', password: 'uma password' });
    await expect(other.request('saveUser', { user })).resolves.toMatchObject({ stored: true });
    await admin.request('saveOperator', { id, name: 'Uma', role: 'monitoringOperator' });
    expect(other.lastSession()).toMatchObject({ state: 'signedIn', operator: { role: 'monitoringOperator' } });
    await expect(other.request('saveUser', { user })).rejects.toThrow('needs a User operator');
    await admin.request('removeOperator', { id });
    expect(other.lastSession()).toEqual({ state: 'signedOut' });
    await expect(other.request('listDevices')).rejects.toThrow('sign in first');
    expect(audit.map((event) => event.message)).toEqual(
      expect.arrayContaining(['Ada (Administrator) changed operator “Uma”: role User operator → Monitoring operator', 'Ada (Administrator) removed operator “Uma” (Monitoring operator)']),
    );
  });
});
