import { catalogDeviceEventTypes, categoryOfKind, type EventCategory } from './eventCatalog';

/*
 * The event types the event log's filter offers: every device code the catalog words, and the
 * console's own kinds. A type not listed here can still be stored (an unknown device code, a
 * kind a later version adds); the category filter covers it.
 */

export interface EventTypeOption {
  kind: string;
  label: string;
  category: EventCategory;
}

/** Kinds of the operator's edits of access rules: `<kind>.created`, `.changed`, `.deleted` (electron/core/operatorEvents.ts). */
const ACCESS_KINDS: readonly [kind: string, label: string][] = [
  ['accessGroup', 'Access group'],
  ['accessLevel', 'Access level'],
  ['schedule', 'Schedule'],
  ['door', 'Door'],
  ['zone', 'Zone'],
];

/**
 * The console's own event kinds (electron/core: sync engine, device-origin pipeline, operator
 * edits, connections, retention, the operators' audit).
 */
const CONSOLE_KINDS: readonly [kind: string, label: string][] = [
  ['sync.started', 'Sync started'],
  ['sync.finished', 'Sync finished'],
  ['sync.stopped', 'Sync stopped'],
  ['sync.failed', 'Sync failed'],
  ['sync.retry', 'Sync retried'],
  ['sync.interrupted', 'Sync interrupted'],
  ['sync.userRefused', 'User refused by the device'],
  ['sync.access', 'Access rules written'],
  ['sync.wiped', 'Device wiped'],
  ['check.result', 'Device checked'],
  ['check.deep', 'Deep check'],
  ['check.unreadable', 'Device record unreadable (deep check)'],
  ['catchUp.read', 'Device log read after a reconnect'],
  ['catchUp.failed', 'Device log could not be read'],
  ['catchUp.missed', 'Events missed live read from the device log'],
  ['deviceOrigin.saved', 'User saved to the server DB (from a device)'],
  ['deviceOrigin.saveFailed', 'Fail to save to the server DB'],
  ['sync.modeChanged', 'Sync mode changed (operator)'],
  ['user.added', 'User added (operator)'],
  ['user.changed', 'User changed (operator)'],
  ['user.deleted', 'Users deleted (operator)'],
  ['user.imported', 'Users imported (operator)'],
  ['user.uploaded', 'User uploaded from a device'],
  ['user.deletedFromDevice', 'Users deleted from a device'],
  ['user.saveFailed', 'User could not be saved'],
  ['device.connected', 'Device connected'],
  ['device.disconnected', 'Device disconnected'],
  ['device.removed', 'Device no longer listed by its gateway'],
  ['device.heldElsewhere', 'Device listed by two gateways'],
  ['gateway.reachable', 'Gateway reachable'],
  ['gateway.unreachable', 'Gateway unreachable'],
  ['gateway.added', 'Gateway added (operator)'],
  ['gateway.changed', 'Gateway changed (operator)'],
  ['gateway.removed', 'Gateway removed (operator)'],
  ['gateway.virtualSiteSwitched', 'Virtual site switched on or off (operator)'],
  ['device.addedByAddress', 'Device added by IP address (operator)'],
  ['device.removedFromGateway', 'Device removed from its gateway (operator)'],
  ...ACCESS_KINDS.flatMap(([kind, label]): [string, string][] => [
    [`${kind}.created`, `${label} created (operator)`],
    [`${kind}.changed`, `${label} changed (operator)`],
    [`${kind}.deleted`, `${label} deleted (operator)`],
  ]),
  ['events.retentionChanged', 'Event log retention changed (operator)'],
  ['events.pruned', 'Old events removed (retention)'],
  // The operators' audit (electron/core/operators/auditEvents.ts).
  ['operator.signedIn', 'Operator signed in'],
  ['operator.signInFailed', 'Operator sign-in failed'],
  ['operator.signedOut', 'Operator signed out'],
  ['operator.locked', 'Screen locked'],
  ['operator.unlocked', 'Screen unlocked'],
  ['operator.unlockFailed', 'Screen unlock failed'],
  ['operator.refused', 'Request refused (role)'],
  ['operator.offContract', 'Request refused (off the contract)'],
  ['operator.added', 'Operator added'],
  ['operator.changed', 'Operator changed'],
  ['operator.removed', 'Operator removed'],
  ['operator.passwordReset', 'Operator password reset'],
  ['operator.passwordChanged', 'Own password changed'],
  ['operator.passwordChangeFailed', 'Own password change failed'],
  ['operator.idleLockChanged', 'Idle lock changed'],
  ['operator.action', 'Operator action (sync, device, traffic, filter)'],
];

export function eventTypeOptions(): EventTypeOption[] {
  const device = catalogDeviceEventTypes().map(({ kind, words, category }) => ({ kind, label: `${words} (${kind.slice('device.'.length)})`, category }));
  const console = CONSOLE_KINDS.map(([kind, label]) => ({ kind, label, category: categoryOfKind(kind) }));
  return [...device, ...console];
}
