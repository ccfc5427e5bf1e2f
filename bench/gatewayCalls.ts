import type { MethodCalls, RealtimeDiscards } from '../electron/sim/virtualGateway';
import { median } from './benchSupport';
import type { SimChild } from './simChild';

/**
 * The gRPC calls a console made, as the virtual gateway counted them (`GET /stats`): every
 * benchmark that compares calls against a one-at-a-time baseline reads them the same way.
 */

/** The gateway's user write methods: what "write calls" counts (reads are reported beside them). */
export const USER_WRITE_METHODS = ['Enroll', 'EnrollMulti', 'Delete', 'DeleteMulti', 'DeleteAll', 'DeleteAllMulti'].map((method) => `/gsdk.user.User/${method}`);

export interface CallFigures {
  count: number;
  /** The devices the calls named, summed: a Multi call to 50 devices counts 50. */
  devicesNamed: number;
}

export async function callCounts(sim: SimChild): Promise<Record<string, MethodCalls>> {
  const { calls } = (await sim.control('GET', '/stats')) as { calls: Record<string, MethodCalls> };
  return calls;
}

export function userWriteCount(calls: Record<string, MethodCalls>): number {
  return USER_WRITE_METHODS.reduce((sum, path) => sum + (calls[path]?.count ?? 0), 0);
}

/** When the gateway last answered a user write (epoch ms; 0 if never). */
export function lastUserWriteAnsweredAt(calls: Record<string, MethodCalls>): number {
  return Math.max(0, ...USER_WRITE_METHODS.map((path) => calls[path]?.lastAnsweredAt ?? 0));
}

/** The calls made between two readings of the counts, by method path; methods not called are left out. */
export function callsBetween(before: Record<string, MethodCalls>, after: Record<string, MethodCalls>): Record<string, CallFigures> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([path, counted]): [string, CallFigures] => [
        path,
        { count: counted.count - (before[path]?.count ?? 0), devicesNamed: counted.devicesNamed - (before[path]?.devicesNamed ?? 0) },
      ])
      .filter(([, figures]) => figures.count > 0),
  );
}

/** The devices the user write calls named, summed. */
export function userWriteDevices(calls: Record<string, CallFigures>): number {
  return USER_WRITE_METHODS.reduce((sum, path) => sum + (calls[path]?.devicesNamed ?? 0), 0);
}

/** "User.EnrollMulti 12 (to 110 devices), User.GetList 150 (to 150 devices), ..." with each method's medians over the runs. */
export function mergedCalls(runs: Record<string, CallFigures>[]): string {
  const paths = [...new Set(runs.flatMap((run) => Object.keys(run)))].sort();
  return paths
    .map((path) => {
      const calls = median(runs.map((run) => run[path]?.count ?? 0));
      const devices = median(runs.map((run) => run[path]?.devicesNamed ?? 0));
      return `${methodLabel(path)} ${calls} (to ${devices} devices)`;
    })
    .join(', ');
}

/** "/gsdk.user.User/EnrollMulti" → "User.EnrollMulti": short, and still tells User.GetList from Door.GetList. */
export function methodLabel(path: string): string {
  const [service = '', method = path] = path.split('/').filter(Boolean);
  return `${service.split('.').at(-1) ?? service}.${method}`;
}

/** Realtime events the gateway discarded for full subscriber queues so far (GET /stats). */
export async function realtimeDiscards(sim: SimChild): Promise<RealtimeDiscards> {
  const { realtimeDiscarded } = (await sim.control('GET', '/stats')) as { realtimeDiscarded: RealtimeDiscards };
  return realtimeDiscarded;
}
