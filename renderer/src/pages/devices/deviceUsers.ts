import { chunk } from '../../../../shared/db/batches';
import type { DeviceUserComparison } from '../../../../shared/ipc/contract';

export type DeviceUserStatus = DeviceUserComparison['status'];
export type StatusFilter = DeviceUserStatus | 'all';

/** BioStar's words for the four columns of "Manage users in device". */
export const deviceUserStatusLabels: Record<DeviceUserStatus, string> = {
  same: 'Same',
  different: 'Different',
  new: 'New user',
  missing: 'Missing',
};

export const statusFilters: readonly StatusFilter[] = ['all', 'same', 'different', 'new', 'missing'];

/** The contract takes at most this many user IDs per request. */
export const MAX_IDS_PER_REQUEST = 10_000;

export type StatusCounts = Record<StatusFilter, number>;

export function countByStatus(rows: readonly DeviceUserComparison[]): StatusCounts {
  const counts: StatusCounts = { all: rows.length, same: 0, different: 0, new: 0, missing: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

export function filterByStatus(rows: readonly DeviceUserComparison[], filter: StatusFilter): readonly DeviceUserComparison[] {
  return filter === 'all' ? rows : rows.filter((row) => row.status === filter);
}

/** Users the device holds (so they can be deleted from it): everything but Missing. */
export function onDevice(row: DeviceUserComparison): boolean {
  return row.status !== 'missing';
}

/** Users whose device copy can be taken into the console: New user and Different. */
export function uploadable(row: DeviceUserComparison): boolean {
  return row.status === 'new' || row.status === 'different';
}

/** The selected IDs that an action applies to, in list order, in request-sized batches. */
export function selectedFor(rows: readonly DeviceUserComparison[], selected: ReadonlySet<string>, applies: (row: DeviceUserComparison) => boolean): string[][] {
  const ids = rows.filter((row) => selected.has(row.userId) && applies(row)).map((row) => row.userId);
  return chunk(ids, MAX_IDS_PER_REQUEST);
}
