import type { NewRecord } from '../../shared/domain/access';
import { usersFromCsv } from '../../shared/domain/userCsv';
import type { Caller, RequestHandlers } from '../../shared/ipc/contract';
import { ACCESS_LABELS, accessCreated, actorName, accessDeleted, accessSaved, userSaved, usersDeleted, usersImported, type AccessKind } from './operatorEvents';
import type { Store, Table } from './store/store';
import type { EventWriter } from './sync/syncEvents';

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
 * user's) and refuses with reasons. Every accepted edit is logged through the console's event
 * writer (batched with the rest of the log) as the signed-in operator's (the caller), with what changed
 * (operatorEvents.ts): the record as it was is read first, one user or one small access table.
 * An import logs one event per stored batch, a bulk delete one event.
 */
export function masterDataHandlers(store: Store, events: EventWriter, now: () => number = Date.now): MasterDataHandlers {
  function tableHandlers<T extends { id: number; name: string }>(table: Table<T>, kind: AccessKind) {
    return {
      create: async ({ record }: { record: NewRecord<T> }, caller?: Caller) => {
        const id = await table.create(record);
        events.add(accessCreated(now(), kind, id, record.name, actorName(caller)));
        return { id };
      },
      save: async ({ record }: { record: T }, caller?: Caller) => {
        // Access tables are small (a site has tens of doors, not thousands): read whole, like the sync engine does.
        const before = (await table.all()).find((stored) => stored.id === record.id);
        // An editor left open while the record was deleted (here or in another window) must not bring it back.
        if (!before) throw new Error(`This ${ACCESS_LABELS[kind].one} (ID ${record.id}) was deleted meanwhile, so the edit was not saved. Close the editor and add it again if it is still wanted.`);
        await table.put([record]);
        events.add(accessSaved(now(), kind, before, record, actorName(caller)));
        return null;
      },
      delete: async ({ ids }: { ids: number[] }, caller?: Caller) => {
        const known = await table.all();
        await table.delete(ids);
        events.add(accessDeleted(now(), kind, ids, known, actorName(caller)));
        return null;
      },
    };
  }

  const groups = tableHandlers(store.accessGroups, 'accessGroup');
  const levels = tableHandlers(store.accessLevels, 'accessLevel');
  const schedules = tableHandlers(store.schedules, 'schedule');
  const doors = tableHandlers(store.doors, 'door');
  const zones = tableHandlers(store.zones, 'zone');

  return {
    saveUser: async ({ user, createOnly = false }, caller) => {
      const [before] = createOnly ? [undefined] : await store.users.get([user.id]);
      const saved = { ...user, updatedAt: now() };
      const result = await store.users.put([saved], { createOnly });
      const refused = result.refused[0];
      if (refused) return { stored: false, problems: refused.problems };
      events.add(userSaved(now(), before, saved, actorName(caller)));
      return { stored: true, problems: [] };
    },
    deleteUsers: async ({ ids }, caller) => {
      // One user is named in the event; a bulk delete is counted, not read.
      const [only] = ids.length === 1 ? await store.users.get(ids) : [undefined];
      await store.users.delete(ids);
      events.add(usersDeleted(now(), ids, only, actorName(caller)));
      return null;
    },
    importUsers: async ({ csv }, caller) => {
      const who = actorName(caller);
      const parsed = usersFromCsv(csv, now());
      const refused = [...parsed.errors];
      let imported = 0;
      const batches = Math.max(1, Math.ceil(parsed.users.length / IMPORT_BATCH));
      for (let start = 0; start < parsed.users.length; start += IMPORT_BATCH) {
        const batch = parsed.users.slice(start, start + IMPORT_BATCH);
        // Counts before and after tell new users from replaced ones without reading a record.
        const countBefore = await store.users.count();
        const result = await store.users.put(batch);
        const added = (await store.users.count()) - countBefore;
        imported += result.stored.length;
        for (const { id, problems } of result.refused) {
          const line = parsed.lines[start + batch.findIndex((user) => user.id === id)] ?? 0;
          refused.push({ line, message: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') });
        }
        events.add(
          usersImported(now(), {
            batch: start / IMPORT_BATCH + 1,
            batches,
            firstRow: start + 1,
            lastRow: start + batch.length,
            stored: result.stored.length,
            added: Math.max(0, Math.min(added, result.stored.length)),
            // Rows that could not be read at all are counted with the last batch.
            refused: result.refused.length + (start + IMPORT_BATCH >= parsed.users.length ? parsed.errors.length : 0),
          }, who),
        );
      }
      if (parsed.users.length === 0 && parsed.errors.length > 0) {
        events.add(usersImported(now(), { batch: 1, batches: 1, firstRow: 1, lastRow: 0, stored: 0, added: 0, refused: parsed.errors.length }, who));
      }
      refused.sort((a, b) => a.line - b.line);
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
