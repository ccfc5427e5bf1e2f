/**
 * For the fault-injection tests (not used by product code): what the console logged, what a
 * virtual device was asked to write, and whether every event a device logged is stored once.
 */
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { EventCode } from '../../gsdk';
import type { RecordedCall } from '../../sim/virtualGateway';
import type { SiteAndDatabase, SyncHarness } from './syncTestSupport';

/** The console's own events stored so far, once the engine is idle (its lines written). */
export async function consoleEventsOf(h: Pick<SyncHarness, 'engine' | 'database'>, deviceId?: number): Promise<ConsoleEvent[]> {
  await h.engine.whenIdle();
  const all = await h.database.database.events.toArray();
  return all.filter((event) => event.source === 'console' && (deviceId === undefined || event.deviceId === deviceId));
}

/** How often each user was written to the device through the gateway (enrolled new, or overwritten), from its log. */
export interface GatewayWrites {
  enrolled: Map<string, number>;
  overwritten: Map<string, number>;
}

export function gatewayWritesOn(h: Pick<SyncHarness, 'site'>, deviceId: number, fromEventId = 1): GatewayWrites {
  const device = h.site.device(deviceId);
  if (!device) throw new Error(`no device ${deviceId}`);
  const writes: GatewayWrites = { enrolled: new Map(), overwritten: new Map() };
  for (const event of device.events(fromEventId)) {
    if (event.changedOnDevice) continue;
    const counts = event.eventCode === EventCode.USER_ENROLL_SUCCESS ? writes.enrolled : event.eventCode === EventCode.USER_UPDATE_SUCCESS ? writes.overwritten : null;
    counts?.set(event.userID, (counts.get(event.userID) ?? 0) + 1);
  }
  return writes;
}

/** The device event IDs stored for the device, ascending (a duplicate shows twice). */
export async function storedDeviceEventIds(h: SiteAndDatabase, deviceId: number): Promise<number[]> {
  const stored = await h.database.database.events.where('[deviceId+time+seq]').between([deviceId, -Infinity, -Infinity], [deviceId, Infinity, Infinity]).toArray();
  return stored
    .filter((event) => event.source === 'device' && event.deviceEventId !== null)
    .map((event) => event.deviceEventId ?? 0)
    .sort((a, b) => a - b);
}

/** 1..n: every event ID of a log that holds n events. */
export function everyIdUpTo(last: number): number[] {
  return Array.from({ length: last }, (_, index) => index + 1);
}

/** How many User.Get calls a recording saw that asked the device for this user: each is one pull. */
export function pullsOf(calls: readonly RecordedCall[], deviceId: number, userId: string): number {
  return calls.filter((call) => call.path === '/gsdk.user.User/Get' && call.deviceIDs.includes(deviceId) && requestedUserIds(call.request).includes(userId)).length;
}

function requestedUserIds(request: unknown): string[] {
  if (typeof request !== 'object' || request === null || !('userIDs' in request) || !Array.isArray(request.userIDs)) return [];
  return request.userIDs.filter((id): id is string => typeof id === 'string');
}
