import type { GatewayClient } from '../../gsdk';
import type { Store } from '../store/store';
import {
  ACCESS_WRITE_ORDER,
  accessConverged,
  describeAccessDiff,
  desiredAccess,
  diffAccess,
  leftAfterWriting,
  recordId,
  type AccessDiff,
  type AccessKind,
  type AccessTables,
  type DeviceAccess,
} from './accessRecords';

/**
 * The console's access tables, read once and again only after they change (they are small, but
 * every check of every device needs them).
 */
export class AccessTablesCache {
  private tables: Promise<AccessTables> | null = null;
  /** Moves on with every change of the tables: a device's access check of an older version is stale. */
  version = 0;

  constructor(private readonly store: Store) {}

  get(): Promise<AccessTables> {
    this.tables ??= this.read().catch((error: unknown) => {
      this.tables = null;
      throw error;
    });
    return this.tables;
  }

  /**
   * Forgets the tables after a change. Returns the tables as last read (null when none were):
   * what the automatic modes compare the new tables with to find the devices a change affects.
   */
  invalidate(): Promise<AccessTables> | null {
    const previous = this.tables;
    this.tables = null;
    this.version += 1;
    return previous;
  }

  private async read(): Promise<AccessTables> {
    const [groups, levels, schedules, doors, zones] = await Promise.all([
      this.store.accessGroups.all(),
      this.store.accessLevels.all(),
      this.store.schedules.all(),
      this.store.doors.all(),
      this.store.zones.all(),
    ]);
    return { groups, levels, schedules, doors, zones };
  }
}

/** The IDs of the access rules the console wrote to a device, per kind: its access journal. */
export type PlacedAccess = Record<AccessKind, number[]>;

const placedKey = (deviceId: number): string => `sync.accessPlaced.${deviceId}`;

/**
 * What the console placed on a device (a small JSON value in the settings table). A rule the
 * console placed and no longer wants there is deleted, also after it was deleted from the
 * console; a rule the console neither placed nor knows stays, as users only on a device do.
 */
export async function readPlaced(store: Store, deviceId: number): Promise<PlacedAccess> {
  const value = await store.settings.get(placedKey(deviceId));
  const placed = emptyPlaced();
  if (typeof value !== 'object' || value === null) return placed;
  for (const kind of ACCESS_WRITE_ORDER) {
    const ids: unknown = (value as Record<string, unknown>)[kind];
    if (Array.isArray(ids)) placed[kind] = ids.filter((id): id is number => Number.isInteger(id));
  }
  return placed;
}

export function recordPlaced(store: Store, deviceId: number, placed: PlacedAccess): Promise<void> {
  return store.settings.put(placedKey(deviceId), placed);
}

export function emptyPlaced(): PlacedAccess {
  return { schedules: [], doors: [], levels: [], groups: [], zones: [] };
}

/** After a complete write the device holds exactly the desired rules the console placed. */
export function placedAfterWriting(check: AccessCheck): PlacedAccess {
  return { ...check.desiredIds };
}

export interface AccessCheck {
  diff: AccessDiff;
  /** The desired rules' IDs per kind. */
  desiredIds: PlacedAccess;
  /** DeviceSync.accessDiffers: the differences in words (empty when the device agrees). */
  words: string[];
  converged: boolean;
}

/** The check of a device whose access rules could not be read: nothing to write, and the state says so. */
export function unreadableAccess(reason: string): AccessCheck {
  const diff = leftAfterWriting({
    schedules: { write: [], remove: [], onlyOnDevice: [] },
    doors: { write: [], remove: [], onlyOnDevice: [] },
    levels: { write: [], remove: [], onlyOnDevice: [] },
    groups: { write: [], remove: [], onlyOnDevice: [] },
    zones: { write: [], remove: [], onlyOnDevice: [] },
  });
  return { diff, desiredIds: emptyPlaced(), words: [`access rules could not be read (${reason})`], converged: true };
}

/** Reads the device's access rules (five small lists) and compares them with the console's. */
export async function checkAccess(client: GatewayClient, deviceId: number, tables: AccessTables, placed: PlacedAccess): Promise<AccessCheck> {
  const [schedules, doors, levels, groups, zones] = await Promise.all([
    client.schedule.getList(deviceId),
    client.door.getList(deviceId),
    client.access.getLevels(deviceId),
    client.access.getGroups(deviceId),
    client.zone.getList(deviceId),
  ]);
  const held: DeviceAccess = { schedules, doors, levels, groups, zones };
  const ours = (kind: AccessKind, table: readonly { id: number }[]): ReadonlySet<number> => new Set([...table.map((record) => record.id), ...placed[kind]]);
  const known: Record<AccessKind, ReadonlySet<number>> = {
    schedules: ours('schedules', tables.schedules),
    doors: ours('doors', tables.doors),
    levels: ours('levels', tables.levels),
    groups: ours('groups', tables.groups),
    zones: ours('zones', tables.zones),
  };
  const desired = desiredAccess(deviceId, tables);
  const diff = diffAccess(desired, held, known);
  const desiredIds = emptyPlaced();
  for (const kind of ACCESS_WRITE_ORDER) desiredIds[kind] = desired[kind].map((record) => recordId(kind, record));
  const names = (kind: AccessKind, id: number): string | undefined => {
    const table: readonly { id: number; name: string }[] = tables[kind];
    return table.find((record) => record.id === id)?.name;
  };
  return { diff, desiredIds, words: describeAccessDiff(diff, names), converged: accessConverged(diff) };
}

/**
 * Brings the device's access rules to the desired ones: deletes what the console placed and no
 * longer wants there (zones first, schedules last), then writes what is missing or different
 * (schedules and doors first, as a device refuses a reference to what it does not hold).
 * Records only on the device are left alone. Returns how many records it wrote and deleted.
 */
export async function writeAccess(client: GatewayClient, deviceId: number, diff: AccessDiff): Promise<number> {
  let changed = 0;
  for (const kind of [...ACCESS_WRITE_ORDER].reverse()) {
    const ids = diff[kind].remove;
    if (ids.length === 0) continue;
    await deleteRecords(client, deviceId, kind, ids);
    changed += ids.length;
  }
  for (const kind of ACCESS_WRITE_ORDER) {
    const records = diff[kind].write;
    if (records.length === 0) continue;
    await addRecords(client, deviceId, { ...emptyAccess(), [kind]: records });
    changed += records.length;
  }
  return changed;
}

/** Deletes every access rule from the device (Wipe & resync), zones first. */
export async function clearAccess(client: GatewayClient, deviceId: number): Promise<void> {
  await client.zone.deleteAll(deviceId);
  await client.access.deleteAllGroups(deviceId);
  await client.access.deleteAllLevels(deviceId);
  await client.door.deleteAll(deviceId);
  await client.schedule.deleteAll(deviceId);
}

function emptyAccess(): DeviceAccess {
  return { schedules: [], doors: [], levels: [], groups: [], zones: [] };
}

async function addRecords(client: GatewayClient, deviceId: number, access: DeviceAccess): Promise<void> {
  if (access.schedules.length > 0) await client.schedule.add(deviceId, access.schedules);
  if (access.doors.length > 0) await client.door.add(deviceId, access.doors);
  if (access.levels.length > 0) await client.access.addLevels(deviceId, access.levels);
  if (access.groups.length > 0) await client.access.addGroups(deviceId, access.groups);
  if (access.zones.length > 0) await client.zone.add(deviceId, access.zones);
}

async function deleteRecords(client: GatewayClient, deviceId: number, kind: AccessKind, ids: number[]): Promise<void> {
  switch (kind) {
    case 'schedules':
      return client.schedule.delete(deviceId, ids);
    case 'doors':
      return client.door.delete(deviceId, ids);
    case 'levels':
      return client.access.deleteLevels(deviceId, ids);
    case 'groups':
      return client.access.deleteGroups(deviceId, ids);
    case 'zones':
      return client.zone.delete(deviceId, ids);
  }
}

