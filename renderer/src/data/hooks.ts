import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import type { User } from '../../../shared/domain/user';
import { useLiveQuery, type LiveResult } from './useLiveQuery';

/** The small master tables, whole and live. */
export function useAccessGroups(): LiveResult<AccessGroup[]> {
  return useLiveQuery('accessGroups', (r) => r.accessGroups());
}
export function useAccessLevels(): LiveResult<AccessLevel[]> {
  return useLiveQuery('accessLevels', (r) => r.accessLevels());
}
export function useSchedules(): LiveResult<Schedule[]> {
  return useLiveQuery('schedules', (r) => r.schedules());
}
export function useDoors(): LiveResult<Door[]> {
  return useLiveQuery('doors', (r) => r.doors());
}
export function useZones(): LiveResult<Zone[]> {
  return useLiveQuery('zones', (r) => r.zones());
}

/** One user, live (the editor follows changes made elsewhere); null id: none. */
export function useUser(id: string | null): LiveResult<User | null> {
  return useLiveQuery(id === null ? null : `user:${id}`, async (r) => (id === null ? null : ((await r.user(id)) ?? null)));
}
