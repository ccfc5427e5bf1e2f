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

/** The console's own event kinds (electron/core: sync engine, device-origin pipeline, operator edits). */
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
  ['catchUp.read', 'Device log read after a reconnect'],
  ['catchUp.failed', 'Device log could not be read'],
  ['deviceOrigin.saved', 'User saved to the server DB (from a device)'],
  ['deviceOrigin.saveFailed', 'Fail to save to the server DB'],
  ['user.saved', 'User saved (operator)'],
  ['user.deleted', 'Users deleted (operator)'],
  ['user.imported', 'Users imported'],
  ['user.uploaded', 'User uploaded from a device'],
  ['user.deletedFromDevice', 'Users deleted from a device'],
  ['user.saveFailed', 'User could not be saved'],
];

export function eventTypeOptions(): EventTypeOption[] {
  const device = catalogDeviceEventTypes().map(({ kind, words, category }) => ({ kind, label: `${words} (${kind.slice('device.'.length)})`, category }));
  const console = CONSOLE_KINDS.map(([kind, label]) => ({ kind, label, category: categoryOfKind(kind) }));
  return [...device, ...console];
}
