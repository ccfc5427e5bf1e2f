import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { OPERATOR_ROLE_TEXT, type OperatorIdentity, type OperatorView } from '../../../shared/domain/operators';
import type { RequestArgs, RequestName, RequestResult } from '../../../shared/ipc/contract';
import { deviceText } from '../../../shared/deviceText';
import { consoleEvent } from '../sync/syncEvents';

/*
 * The audit of the operators themselves: who signed in, failed to, signed out, was locked out
 * by the idle time, and every change of an account or of the idle lock, with before → after.
 * Passwords never appear: an entry says a password was set or reset, never what to. A name
 * typed at a failed sign-in is the only text that comes from whoever sits at the workstation,
 * and it is cut short and quoted.
 */

const NAME_CHARS = 64;
const REASON_CHARS = 300;

function who(operator: OperatorIdentity): string {
  return `${operator.name} (${OPERATOR_ROLE_TEXT[operator.role].label})`;
}

function quoted(text: string): string {
  const clean = text.replace(/\p{Cc}/gu, ' ');
  return `“${clean.length > NAME_CHARS ? `${clean.slice(0, NAME_CHARS - 1)}…` : clean}”`;
}

export function signedIn(time: number, operator: OperatorIdentity): ConsoleEvent {
  return consoleEvent(time, 'operator.signedIn', 'info', `${who(operator)} signed in`, null);
}

export function signInFailed(time: number, typedName: string, reason: string): ConsoleEvent {
  return consoleEvent(time, 'operator.signInFailed', 'warning', `Failed sign-in as ${quoted(typedName)}: ${reason}`, null);
}

export function signedOut(time: number, operator: OperatorIdentity): ConsoleEvent {
  return consoleEvent(time, 'operator.signedOut', 'info', `${who(operator)} signed out`, null);
}

export function locked(time: number, operator: OperatorIdentity, idleMinutes: number | null): ConsoleEvent {
  const how = idleMinutes === null ? 'locked the screen' : `was locked out after ${idleMinutes} minute${idleMinutes === 1 ? '' : 's'} without input`;
  return consoleEvent(time, 'operator.locked', 'info', `${who(operator)} ${how}`, null);
}

export function unlocked(time: number, operator: OperatorIdentity): ConsoleEvent {
  return consoleEvent(time, 'operator.unlocked', 'info', `${who(operator)} unlocked the screen`, null);
}

export function unlockFailed(time: number, operator: OperatorIdentity): ConsoleEvent {
  return consoleEvent(time, 'operator.unlockFailed', 'warning', `Failed unlock of ${who(operator)}'s screen: wrong password`, null);
}

export function refused(time: number, operator: OperatorIdentity, request: RequestName): ConsoleEvent {
  return consoleEvent(time, 'operator.refused', 'warning', `${who(operator)} was refused ${request}: the role does not allow it`, null);
}

/**
 * A request the contract refused (operatorSessions.ts, `offContract`); `unlogged`: refusals of the
 * same session left out of the log since the last entry (at most one a second is written).
 */
export function offContract(time: number, operator: OperatorIdentity | null, reason: string, unlogged: number): ConsoleEvent {
  const from = operator ? `${who(operator)}'s window` : 'A window nobody is signed in to';
  const more = unlogged > 0 ? ` (and ${unlogged} more since the last entry)` : '';
  // The reason quotes the payload's keys and the request's name: a tampered page's text, cleaned.
  return consoleEvent(time, 'operator.offContract', 'warning', `${from} sent a request the console refused: ${deviceText(reason, REASON_CHARS)}${more}`, null);
}

export function firstAdministratorCreated(time: number, created: OperatorView): ConsoleEvent {
  return consoleEvent(time, 'operator.added', 'info', `First start: ${created.name} created the administrator account and signed in`, null);
}

export function operatorAdded(time: number, by: OperatorIdentity, added: OperatorView): ConsoleEvent {
  return consoleEvent(time, 'operator.added', 'info', `${who(by)} added operator ${quoted(added.name)} as ${OPERATOR_ROLE_TEXT[added.role].label}`, null);
}

export function operatorChanged(time: number, by: OperatorIdentity, before: OperatorView, after: OperatorView): ConsoleEvent {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`name ${quoted(before.name)} → ${quoted(after.name)}`);
  if (before.role !== after.role) changes.push(`role ${OPERATOR_ROLE_TEXT[before.role].label} → ${OPERATOR_ROLE_TEXT[after.role].label}`);
  return consoleEvent(time, 'operator.changed', 'info', `${who(by)} changed operator ${quoted(after.name)}: ${changes.join('; ') || 'no change'}`, null);
}

export function operatorRemoved(time: number, by: OperatorIdentity, removed: OperatorView): ConsoleEvent {
  return consoleEvent(time, 'operator.removed', 'info', `${who(by)} removed operator ${quoted(removed.name)} (${OPERATOR_ROLE_TEXT[removed.role].label})`, null);
}

/** `signedOut`: the operator's open sessions that the reset ended. */
export function passwordReset(time: number, by: OperatorIdentity, of: OperatorView, signedOut: number): ConsoleEvent {
  const ended = signedOut > 0 ? ` and signed them out of ${plural(signedOut, 'window')}` : '';
  return consoleEvent(time, 'operator.passwordReset', 'info', `${who(by)} reset the password of operator ${quoted(of.name)}${ended}`, null);
}

export function ownPasswordChanged(time: number, operator: OperatorIdentity, outcome: 'changed' | 'wrong current password'): ConsoleEvent {
  return outcome === 'changed'
    ? consoleEvent(time, 'operator.passwordChanged', 'info', `${who(operator)} changed their own password`, null)
    : consoleEvent(time, 'operator.passwordChangeFailed', 'warning', `${who(operator)} failed to change their password: wrong current password`, null);
}

export function idleLockChanged(time: number, by: OperatorIdentity, before: number, after: number): ConsoleEvent {
  return consoleEvent(time, 'operator.idleLockChanged', 'info', `${who(by)} changed the idle lock: ${before} → ${after} minutes`, null);
}

/**
 * The operator's actions that change devices or the console without an audit entry of their
 * own (master data, the sync mode, the retention and the accounts log their own, with before →
 * after): the request in words, with the device it was aimed at.
 */
type ActionWords = { [K in RequestName]?: (args: RequestArgs<K>, result: RequestResult<K>) => { what: string; deviceId: number | null } };

const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

export const ACTION_WORDS: ActionWords = {
  retryGateway: ({ gatewayId }) => ({ what: `retried gateway ${quoted(gatewayId)} now`, deviceId: null }),
  syncDevice: ({ deviceId }) => ({ what: `asked to sync device ${deviceId}`, deviceId }),
  syncAll: (_args, { queued }) => ({ what: `asked to sync all devices (${plural(queued, 'device')} queued)`, deviceId: null }),
  wipeAndResync: ({ deviceId }) => ({ what: `asked to wipe and resync device ${deviceId}`, deviceId }),
  checkDevice: ({ deviceId }) => ({ what: `asked a deep check of device ${deviceId}`, deviceId }),
  uploadDeviceUsers: ({ deviceId, userIds }, { stored, refused }) => ({
    what: `uploaded ${plural(userIds.length, 'user')} from device ${deviceId} to the console: ${stored.length} stored, ${refused.length} refused`,
    deviceId,
  }),
  deleteDeviceUsers: ({ deviceId, userIds }) => ({ what: `deleted ${plural(userIds.length, 'user')} from device ${deviceId} (the device only)`, deviceId }),
  saveEventFilter: ({ name }) => ({ what: `saved the event filter ${quoted(name)}`, deviceId: null }),
  deleteEventFilter: ({ name }) => ({ what: `deleted the event filter ${quoted(name)}`, deviceId: null }),
  enrollAtVirtualDevice: ({ deviceId, userId }) => ({ what: `enrolled user ${quoted(userId)} at virtual device ${deviceId}`, deviceId }),
  editAtVirtualDevice: ({ deviceId, userId }) => ({ what: `edited user ${quoted(userId)} at virtual device ${deviceId}`, deviceId }),
  deleteAtVirtualDevice: ({ deviceId, userId }) => ({ what: `deleted user ${quoted(userId)} at virtual device ${deviceId}`, deviceId }),
  setVirtualDeviceNetwork: ({ deviceId, online }) => ({ what: `${online ? 'plugged back' : 'pulled'} the network cable of virtual device ${deviceId}`, deviceId }),
  startSiteTraffic: ({ rate }) => ({ what: `started the virtual site traffic at ${plural(rate, 'event')}/s`, deviceId: null }),
  stopSiteTraffic: () => ({ what: 'stopped the virtual site traffic', deviceId: null }),
};

export function operatorAction<K extends RequestName>(time: number, operator: OperatorIdentity, name: K, args: RequestArgs<K>, result: RequestResult<K>): ConsoleEvent | null {
  const words = ACTION_WORDS[name] as ((args: RequestArgs<K>, result: RequestResult<K>) => { what: string; deviceId: number | null }) | undefined;
  if (!words) return null;
  const { what, deviceId } = words(args, result);
  return consoleEvent(time, 'operator.action', 'info', `${who(operator)} ${what}`, deviceId);
}
