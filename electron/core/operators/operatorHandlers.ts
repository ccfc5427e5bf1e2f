import type { OperatorIdentity } from '../../../shared/domain/operators';
import type { Caller, RequestHandlers } from '../../../shared/ipc/contract';
import * as audit from './auditEvents';
import { AccountRefusedError, nameKey, operatorView } from './operatorAccounts';
import type { OperatorSession, OperatorSessions } from './operatorSessions';

export const OPERATOR_REQUESTS = [
  'getSession',
  'createFirstAdministrator',
  'signIn',
  'signOut',
  'lockSession',
  'unlockSession',
  'noteOperatorActivity',
  'changeOwnPassword',
  'listOperators',
  'addOperator',
  'saveOperator',
  'resetOperatorPassword',
  'removeOperator',
  'setIdleLock',
] as const;
export type OperatorHandlers = Pick<RequestHandlers<OperatorSession>, (typeof OPERATOR_REQUESTS)[number]>;

/** Failed sign-ins in a row for one name before it must wait; a person mistypes a few times, a guesser thousands. */
const FAILURES_BEFORE_WAIT = 5;
const WAIT_AFTER_FAILURES_MS = 30_000;
const WRONG = 'wrong name or password';

/** These requests act on the caller's own session: only the dispatcher has one to give. */
function sessionOf(caller: Caller<OperatorSession> | undefined): OperatorSession {
  if (!caller) throw new Error('this request needs a session (a window or a connection)');
  return caller.session;
}

/** The dispatcher runs these only for a signed-in operator (requestAccess.ts); this says so to the types. */
function operatorOf(caller: Caller<OperatorSession> | undefined): OperatorIdentity {
  const operator = caller?.operator;
  if (!operator) throw new Error('this request needs a signed-in operator');
  return operator;
}

/**
 * The contract's operator requests: the session (first start, sign-in, lock), and the accounts,
 * which the role table gives to administrators only. Each account change tells every session
 * (a removed operator is signed out everywhere at once, a new role applies at once) and is
 * audited; refusals of the account rules (a name taken, the last administrator) come back in
 * the operator's words.
 */
export function operatorHandlers(sessions: OperatorSessions): OperatorHandlers {
  const { accounts } = sessions;
  const failures = new Map<string, { count: number; waitUntil: number }>();

  function refuseWhileWaiting(name: string): void {
    const entry = failures.get(nameKey(name));
    const waitMs = entry ? entry.waitUntil - sessions.now() : 0;
    if (waitMs > 0) throw new AccountRefusedError(`Too many failed sign-ins as “${name.trim()}”: try again in ${Math.ceil(waitMs / 1000)} s.`);
  }

  function noteFailure(name: string): void {
    const key = nameKey(name);
    const count = (failures.get(key)?.count ?? 0) + 1;
    failures.set(key, { count, waitUntil: count >= FAILURES_BEFORE_WAIT ? sessions.now() + WAIT_AFTER_FAILURES_MS : 0 });
  }

  return {
    getSession: async (_args, caller) => sessionOf(caller).view(),
    createFirstAdministrator: async ({ name, password }, caller) => {
      const session = sessionOf(caller);
      const account = await accounts.createFirstAdministrator(name, password);
      sessions.audit(audit.firstAdministratorCreated(sessions.now(), operatorView(account)));
      // Every window waiting at the first-start screen now shows the sign-in screen.
      sessions.accountsChanged();
      return session.signIn(account, { quietly: true });
    },
    signIn: async ({ name, password }, caller) => {
      const session = sessionOf(caller);
      if (accounts.isEmpty()) throw new AccountRefusedError('No operator exists yet: create the administrator first.');
      refuseWhileWaiting(name);
      const account = await accounts.verify(name, password);
      if (!account) {
        noteFailure(name);
        sessions.audit(audit.signInFailed(sessions.now(), name, WRONG));
        throw new AccountRefusedError(`Not signed in: ${WRONG}.`);
      }
      failures.delete(nameKey(name));
      // Someone else signing in at a locked screen ends the session before (audited as a sign-out).
      const before = session.standing();
      if (before.state !== 'none') session.signOut(before.operator);
      return session.signIn(account);
    },
    signOut: async (_args, caller) => sessionOf(caller).signOut(operatorOf(caller)),
    lockSession: async (_args, caller) => sessionOf(caller).lock(operatorOf(caller)),
    unlockSession: async ({ password }, caller) => {
      const session = sessionOf(caller);
      const operator = operatorOf(caller);
      refuseWhileWaiting(operator.name);
      if (!(await accounts.verify(operator.name, password))) {
        noteFailure(operator.name);
        sessions.audit(audit.unlockFailed(sessions.now(), operator));
        throw new AccountRefusedError('Still locked: wrong password.');
      }
      failures.delete(nameKey(operator.name));
      return session.unlock(operator);
    },
    noteOperatorActivity: async () => null,
    changeOwnPassword: async ({ currentPassword, newPassword }, caller) => {
      const operator = operatorOf(caller);
      // Whoever finds a window left open must not be able to guess the password there either.
      refuseWhileWaiting(operator.name);
      if (!(await accounts.verify(operator.name, currentPassword))) {
        noteFailure(operator.name);
        sessions.audit(audit.ownPasswordChanged(sessions.now(), operator, 'wrong current password'));
        throw new AccountRefusedError('The current password is wrong; the password was not changed.');
      }
      failures.delete(nameKey(operator.name));
      await accounts.setPassword(operator.id, newPassword);
      sessions.audit(audit.ownPasswordChanged(sessions.now(), operator, 'changed'));
      return null;
    },
    listOperators: async () => accounts.list(),
    addOperator: async ({ name, role, password }, caller) => {
      const added = await accounts.add(name, role, password);
      sessions.audit(audit.operatorAdded(sessions.now(), operatorOf(caller), operatorView(added)));
      return { id: added.id };
    },
    saveOperator: async ({ id, name, role }, caller) => {
      const { before, after } = await accounts.save(id, name, role);
      sessions.audit(audit.operatorChanged(sessions.now(), operatorOf(caller), operatorView(before), operatorView(after)));
      sessions.accountsChanged();
      return null;
    },
    resetOperatorPassword: async ({ id, password }, caller) => {
      const account = await accounts.setPassword(id, password);
      const signedOut = sessions.signOutOperator(id, caller?.session ?? null);
      sessions.audit(audit.passwordReset(sessions.now(), operatorOf(caller), operatorView(account), signedOut));
      return null;
    },
    removeOperator: async ({ id }, caller) => {
      const removed = await accounts.remove(id);
      sessions.audit(audit.operatorRemoved(sessions.now(), operatorOf(caller), operatorView(removed)));
      sessions.accountsChanged();
      return null;
    },
    setIdleLock: async ({ minutes }, caller) => {
      const before = await accounts.setIdleLockMinutes(minutes);
      if (before !== minutes) sessions.audit(audit.idleLockChanged(sessions.now(), operatorOf(caller), before, minutes));
      // Windows show the idle time in their session; a shorter one may lock some at once.
      sessions.accountsChanged();
      return null;
    },
  };
}
