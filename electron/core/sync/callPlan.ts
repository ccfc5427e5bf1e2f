/** One kind of call: these user IDs go to (or are deleted from) all of these devices. */
export interface CallUnit {
  deviceIds: number[];
  userIds: string[];
}

/**
 * Turns what each device needs into as few calls as pays. Devices of one profile hold equal
 * records, so an ID needed by several devices can travel once in a Multi call to all of them:
 * IDs are grouped by the exact set of devices that need them (50 empty devices → one unit of
 * everything to all 50). A group shared by several devices but smaller than `minShared` is not
 * worth its own calls; its IDs join each device's own unit instead, which bounds the number of
 * calls however the needs are scattered. Units for more devices come first, so one call moves
 * the most devices forward.
 */
export function planCalls(needs: ReadonlyMap<number, readonly string[]>, minShared: number): CallUnit[] {
  const active = [...needs].filter(([, ids]) => ids.length > 0);
  if (active.length === 0) return [];
  if (allEqual(active.map(([, ids]) => ids))) {
    return [{ deviceIds: active.map(([deviceId]) => deviceId), userIds: [...(active[0]?.[1] ?? [])] }];
  }
  const devicesOf = new Map<string, number[]>();
  for (const [deviceId, ids] of active) {
    for (const id of ids) {
      const devices = devicesOf.get(id);
      if (devices) devices.push(deviceId);
      else devicesOf.set(id, [deviceId]);
    }
  }
  const bySignature = new Map<string, CallUnit>();
  for (const [id, deviceIds] of devicesOf) {
    const signature = deviceIds.join(',');
    const unit = bySignature.get(signature);
    if (unit) unit.userIds.push(id);
    else bySignature.set(signature, { deviceIds, userIds: [id] });
  }
  const shared: CallUnit[] = [];
  const own = new Map<number, string[]>();
  for (const unit of bySignature.values()) {
    if (unit.deviceIds.length > 1 && unit.userIds.length >= minShared) {
      shared.push(unit);
      continue;
    }
    for (const deviceId of unit.deviceIds) {
      const ids = own.get(deviceId);
      if (ids) ids.push(...unit.userIds);
      else own.set(deviceId, [...unit.userIds]);
    }
  }
  shared.sort((a, b) => b.deviceIds.length - a.deviceIds.length || b.userIds.length - a.userIds.length);
  return [...shared, ...[...own].map(([deviceId, userIds]) => ({ deviceIds: [deviceId], userIds }))];
}

function allEqual(lists: readonly (readonly string[])[]): boolean {
  const [first, ...rest] = lists;
  if (!first || rest.length === 0) return true;
  if (rest.some((list) => list.length !== first.length)) return false;
  // Lists made from the same desired state come in the same order: compare in step first.
  if (rest.every((list) => list.every((id, position) => id === first[position]))) return true;
  const ids = new Set(first);
  return rest.every((list) => list.every((id) => ids.has(id)));
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}

/**
 * Splits records into batches of at most `maxItems` and about `maxBytes` (a single record larger
 * than `maxBytes` still travels, alone).
 */
export function batchesBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxItems: number, maxBytes: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (batch.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
