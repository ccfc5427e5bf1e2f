import type { z } from 'zod';
import {
  accessGroupSchema,
  accessLevelSchema,
  ALWAYS_SCHEDULE_ID,
  doorSchema,
  newAccessGroupSchema,
  newAccessLevelSchema,
  newDoorSchema,
  newScheduleSchema,
  newZoneSchema,
  scheduleSchema,
  zoneSchema,
} from '../../shared/domain/access';
import { approximateJsonBytes } from '../../shared/db/batches';
import type { DbHandlers, StoreChangeMessage } from '../../shared/db/protocol';
import { accessTableHandlers } from './accessTables';
import { addEvents, deviceEventKey } from './addEvents';
import { CardIndex } from './cardIndex';
import { journalHandlers } from './journalTables';
import { MinuteCounts } from './minuteCounts';
import { pruneEvents } from './pruneEvents';
import { putUsers } from './putUsers';
import type { PortcullisDatabase } from './schema';

/** A scan page stops early past this size, so one answer stays a sensible message. */
export const SCAN_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * The database host's side of the protocol: one handler per request, each one transaction.
 * Arguments arrive already checked against the protocol (server.ts); records inside them are
 * checked here against the domain. `changed` is called after a master-data write committed,
 * before the handler returns, so the core hears of a change no later than of its own success.
 * Made once per served connection: the card index it keeps is only right while this host is
 * the one writer.
 */
export function createDatabaseHandlers(db: PortcullisDatabase, changed: (change: StoreChangeMessage) => void): DbHandlers {
  // Loaded by the first write that needs it: writes run one at a time, so none can race the load.
  let cards: Promise<CardIndex> | null = null;
  const cardIndex = (): Promise<CardIndex> => {
    cards ??= CardIndex.load(db).catch((error: unknown) => {
      cards = null;
      throw error;
    });
    return cards;
  };

  // The per-minute event counts this host wrote (events.add adds to them without reading them back).
  const minuteCounts = new MinuteCounts();
  const access = { db, changed };
  const accessGroups = accessTableHandlers(access, {
    name: 'accessGroups',
    table: db.accessGroups,
    schema: accessGroupSchema,
    newSchema: newAccessGroupSchema,
    label: 'access group',
    firstId: 1,
  });
  const accessLevels = accessTableHandlers(access, {
    name: 'accessLevels',
    table: db.accessLevels,
    schema: accessLevelSchema,
    newSchema: newAccessLevelSchema,
    label: 'access level',
    firstId: 1,
  });
  const schedules = accessTableHandlers(access, {
    name: 'schedules',
    table: db.schedules,
    schema: scheduleSchema,
    newSchema: newScheduleSchema,
    label: 'schedule',
    firstId: ALWAYS_SCHEDULE_ID + 1,
  });
  const doors = accessTableHandlers(access, { name: 'doors', table: db.doors, schema: doorSchema, newSchema: newDoorSchema, label: 'door', firstId: 1 });
  const zones = accessTableHandlers(access, { name: 'zones', table: db.zones, schema: zoneSchema, newSchema: newZoneSchema, label: 'zone', firstId: 1 });

  return {
    'users.scan': async ({ afterId, limit }) => {
      const range = afterId === null ? db.users.orderBy(':id') : db.users.where(':id').above(afterId);
      // A plain limit lets IndexedDB answer with one getAll; a filter would walk a cursor,
      // record by record, which is many times slower. The byte budget is applied afterwards.
      const found = await range.limit(limit).toArray();
      let bytes = 0;
      let size = 0;
      while (size < found.length && bytes <= SCAN_PAGE_BYTES) bytes += approximateJsonBytes(found[size++]);
      return { users: found.slice(0, size), more: found.length === limit || size < found.length };
    },
    'users.get': async ({ ids }) => (await db.users.bulkGet(ids)).map((user) => user ?? null),
    'users.count': async () => db.users.count(),
    'users.put': async ({ users, idPolicy, createOnly = false }) => {
      const result = await putUsers(db, await cardIndex(), users, { policy: idPolicy, createOnly });
      if (result.stored.length > 0) changed({ table: 'users', ids: result.stored });
      return result;
    },
    'users.delete': async ({ ids }) => {
      const cards = await cardIndex();
      const existing = await db.transaction('rw', db.users, db.cardOwners, async () => {
        const found = (await db.users.where(':id').anyOf(ids).primaryKeys()) as string[];
        await db.cardOwners.bulkDelete(found.flatMap((id) => cards.keysOf(id)));
        await db.users.bulkDelete(found);
        return found;
      });
      for (const id of existing) cards.set(id, []);
      if (existing.length > 0) changed({ table: 'users', ids: existing });
      return null;
    },
    'accessGroups.all': accessGroups.all,
    'accessGroups.put': accessGroups.put,
    'accessGroups.create': accessGroups.create,
    'accessGroups.delete': accessGroups.delete,
    'accessLevels.all': accessLevels.all,
    'accessLevels.put': accessLevels.put,
    'accessLevels.create': accessLevels.create,
    'accessLevels.delete': accessLevels.delete,
    'schedules.all': schedules.all,
    'schedules.put': schedules.put,
    'schedules.create': schedules.create,
    'schedules.delete': schedules.delete,
    'doors.all': doors.all,
    'doors.put': doors.put,
    'doors.create': doors.create,
    'doors.delete': doors.delete,
    'zones.all': zones.all,
    'zones.put': zones.put,
    'zones.create': zones.create,
    'zones.delete': zones.delete,
    ...journalHandlers(db),
    'events.add': async ({ events }) => addEvents(db, events, minuteCounts),
    'events.prune': async (request) => pruneEvents(db, request),
    'events.deviceEvent': async ({ deviceId, eventId, epoch }) => {
      const stored = await db.events.where('deviceEventKey').equals(deviceEventKey(deviceId, eventId, epoch)).first();
      return { event: stored ? { time: stored.time, kind: stored.kind, userId: stored.userId } : null };
    },
    'eventCursors.get': async ({ deviceId }) => ({ lastEventId: (await db.eventCursors.get(deviceId))?.lastEventId ?? null }),
    'eventCursors.put': async ({ deviceId, lastEventId }) => {
      await db.eventCursors.put({ deviceId, lastEventId });
      return null;
    },
    'settings.get': async ({ key }) => {
      const row = await db.settings.get(key);
      // Values were checked as JSON when they were put.
      return row === undefined ? { found: false } : { found: true, value: row.value as z.core.util.JSONType };
    },
    'settings.put': async ({ key, value }) => {
      await db.settings.put({ key, value });
      return null;
    },
  };
}
