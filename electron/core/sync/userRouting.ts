import type { DoorUsers } from './accessRouting';
import type { DesiredEntries, DesiredEntry } from './desiredIndex';

/**
 * Which users belong on which device. Today every enabled user goes to every device; the
 * "Specific devices" mode (user → access group → access level → door → the door's entry/exit
 * device) plugs in here as another implementation, without touching the engine.
 */
export interface UserRouting {
  /** The IDs of the users that belong on `deviceId`, or 'every-user'. */
  desiredUserIds(gatewayId: string, deviceId: number): Promise<ReadonlySet<string> | 'every-user'>;
  /**
   * The doors through which this routing sends users to the device, each with how many of
   * `wanted` (the device's desired entries) it brings. Absent where every user goes everywhere.
   */
  doorsToDevice?(gatewayId: string, deviceId: number, wanted: ReadonlyMap<string, unknown>): Promise<DoorUsers[]>;
}

export const EVERY_USER_ON_EVERY_DEVICE: UserRouting = {
  desiredUserIds: () => Promise.resolve('every-user'),
};

/** The desired entries of one device: its profile's entries, narrowed to the users routed to it. */
export function routedEntries(entries: DesiredEntries, routed: ReadonlySet<string> | 'every-user'): DesiredEntries {
  if (routed === 'every-user') return entries;
  const narrowed = new Map<string, DesiredEntry>();
  for (const id of routed) {
    const entry = entries.get(id);
    if (entry) narrowed.set(id, entry);
  }
  return narrowed;
}
