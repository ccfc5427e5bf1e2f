import type { NewRecord } from '../../shared/domain/access';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import { usersFromCsv } from '../../shared/domain/userCsv';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { Store, Table } from './store/store';

export type MasterDataHandlers = Pick<
  RequestHandlers,
  | 'saveUser'
  | 'deleteUsers'
  | 'importUsers'
  | 'createAccessGroup'
  | 'saveAccessGroup'
  | 'deleteAccessGroups'
  | 'createAccessLevel'
  | 'saveAccessLevel'
  | 'deleteAccessLevels'
  | 'createSchedule'
  | 'saveSchedule'
  | 'deleteSchedules'
  | 'createDoor'
  | 'saveDoor'
  | 'deleteDoors'
  | 'createZone'
  | 'saveZone'
  | 'deleteZones'
>;

/** Users stored per transaction during an import: big enough to be quick, small enough to show progress later. */
const IMPORT_BATCH = 5_000;

/**
 * The operator's edits of the master copy. Arguments arrive already validated against the
 * contract; the Store validates again against the device limits and uniqueness (a card is one
 * user's) and refuses with reasons. Every accepted edit is logged as an operator event.
 */
export function masterDataHandlers(store: Store, now: () => number = Date.now): MasterDataHandlers {
  const log = (kind: string, message: string, userId: string | null = null): Promise<void> =>
    store.events.add([operatorEvent(now(), kind, message, userId)]);

  function tableHandlers<T extends { id: number; name: string }>(table: Table<T>, label: string) {
    return {
      create: async ({ record }: { record: NewRecord<T> }) => {
        const id = await table.create(record);
        await log(`${label}.created`, `${label} ${id} "${record.name}" created`);
        return { id };
      },
      save: async ({ record }: { record: T }) => {
        await table.put([record]);
        await log(`${label}.saved`, `${label} ${record.id} "${record.name}" saved`);
        return null;
      },
      delete: async ({ ids }: { ids: number[] }) => {
        await table.delete(ids);
        await log(`${label}.deleted`, `${ids.length} ${label}(s) deleted: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}`);
        return null;
      },
    };
  }

  const groups = tableHandlers(store.accessGroups, 'access group');
  const levels = tableHandlers(store.accessLevels, 'access level');
  const schedules = tableHandlers(store.schedules, 'schedule');
  const doors = tableHandlers(store.doors, 'door');
  const zones = tableHandlers(store.zones, 'zone');

  return {
    saveUser: async ({ user, createOnly = false }) => {
      const result = await store.users.put([{ ...user, updatedAt: now() }], { createOnly });
      const refused = result.refused[0];
      if (refused) return { stored: false, problems: refused.problems };
      await log('user.saved', `user ${user.id} ${createOnly ? 'added' : 'saved'}`, user.id);
      return { stored: true, problems: [] };
    },
    deleteUsers: async ({ ids }) => {
      await store.users.delete(ids);
      await log('user.deleted', `${ids.length} user(s) deleted: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}`);
      return null;
    },
    importUsers: async ({ csv }) => {
      const parsed = usersFromCsv(csv, now());
      const refused = [...parsed.errors];
      let imported = 0;
      for (let start = 0; start < parsed.users.length; start += IMPORT_BATCH) {
        const batch = parsed.users.slice(start, start + IMPORT_BATCH);
        const result = await store.users.put(batch);
        imported += result.stored.length;
        for (const { id, problems } of result.refused) {
          const line = parsed.lines[start + batch.findIndex((user) => user.id === id)] ?? 0;
          refused.push({ line, message: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') });
        }
      }
      refused.sort((a, b) => a.line - b.line);
      await log('user.imported', `CSV import: ${imported} user(s) stored, ${refused.length} row(s) refused`);
      return { imported, refused };
    },
    createAccessGroup: groups.create,
    saveAccessGroup: groups.save,
    deleteAccessGroups: groups.delete,
    createAccessLevel: levels.create,
    saveAccessLevel: levels.save,
    deleteAccessLevels: levels.delete,
    createSchedule: schedules.create,
    saveSchedule: schedules.save,
    deleteSchedules: schedules.delete,
    createDoor: doors.create,
    saveDoor: doors.save,
    deleteDoors: doors.delete,
    createZone: zones.create,
    saveZone: zones.save,
    deleteZones: zones.delete,
  };
}

function operatorEvent(time: number, kind: string, message: string, userId: string | null): ConsoleEvent {
  return { time, source: 'console', kind, level: 'info', message, deviceId: null, userId, deviceEventId: null };
}
