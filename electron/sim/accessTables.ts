import { status as GrpcStatus } from '@grpc/grpc-js';
import { PREDEFINED_SCHEDULE_ALWAYS } from '../gsdk/messages';
import type { AccessGroup, AccessLevel, ApbZoneInfo, DoorInfo, ScheduleInfo } from '../gsdk/messages';
import {
  doorShapeProblem,
  groupReferenceProblem,
  groupShapeProblem,
  levelReferenceProblem,
  levelShapeProblem,
  scheduleShapeProblem,
  storedDoor,
  storedGroup,
  storedLevel,
  storedSchedule,
  storedZone,
  zoneReferenceProblem,
  zoneShapeProblem,
} from './accessRules';
import type { AccessLookup } from './accessRules';
import { invalidArgument, SimError } from './simError';

/** How many records of each kind a device holds; plausible round figures, not datasheet values. */
export interface AccessLimits {
  groups: number;
  levels: number;
  schedules: number;
  doors: number;
  zones: number;
}

export const DEFAULT_ACCESS_LIMITS: AccessLimits = { groups: 2048, levels: 2048, schedules: 1024, doors: 256, zones: 64 };

/** Everything a device holds of the access rules, each list by ascending ID (what GET /devices/{id}/access gives). */
export interface AccessSnapshot {
  groups: AccessGroup[];
  levels: AccessLevel[];
  schedules: ScheduleInfo[];
  doors: DoorInfo[];
  zones: ApbZoneInfo[];
}

interface TableRules<T> {
  /** "access group": for messages. */
  kind: string;
  idOf(record: T): number;
  shapeProblem(record: T): string | null;
  referenceProblem(record: T): string | null;
  stored(record: T): T;
}

/** One table of a device, keyed by ID. Writes are all or nothing, as user enrollment is. */
export class RecordTable<T> {
  private readonly rows = new Map<number, T>();

  constructor(
    private readonly deviceID: number,
    private readonly capacity: number,
    private readonly rules: TableRules<T>,
  ) {}

  has(id: number): boolean {
    return this.rows.has(id);
  }

  list(): T[] {
    return [...this.rows.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
  }

  /**
   * Stores `records`, replacing those whose ID is already there; refuses the whole batch for a
   * malformed record or the same ID twice (INVALID_ARGUMENT), an unresolved reference
   * (FAILED_PRECONDITION), or more new records than there is room for (RESOURCE_EXHAUSTED).
   */
  put(records: readonly T[]): void {
    const { kind, idOf } = this.rules;
    const seen = new Set<number>();
    for (const record of records) {
      const shape = this.rules.shapeProblem(record);
      if (shape) throw invalidArgument(`device ${this.deviceID}: ${shape}`);
      const id = idOf(record);
      if (seen.has(id)) throw invalidArgument(`device ${this.deviceID}: ${kind} ${id} appears twice in the request`);
      seen.add(id);
    }
    for (const record of records) {
      const reference = this.rules.referenceProblem(record);
      if (reference) throw new SimError(GrpcStatus.FAILED_PRECONDITION, `device ${this.deviceID}: ${reference}`);
    }
    const added = [...seen].filter((id) => !this.rows.has(id)).length;
    if (this.rows.size + added > this.capacity) {
      throw new SimError(
        GrpcStatus.RESOURCE_EXHAUSTED,
        `device ${this.deviceID} is full: ${this.rows.size} of ${this.capacity} ${kind}s, ${added} more do not fit`,
      );
    }
    for (const record of records) this.rows.set(idOf(record), this.rules.stored(record));
  }

  /** Removes the IDs present; others are skipped (deleting what is not there is not an error). */
  delete(ids: readonly number[]): void {
    for (const id of ids) this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
  }
}

/**
 * A simulated device's access rules: access groups and levels, schedules, doors and
 * anti-passback zones (what they check: accessRules.ts). They live with the device, so they
 * survive a gateway restart and a network cut like its users do.
 */
export class AccessTables implements AccessLookup {
  readonly groups: RecordTable<AccessGroup>;
  readonly levels: RecordTable<AccessLevel>;
  readonly schedules: RecordTable<ScheduleInfo>;
  readonly doors: RecordTable<DoorInfo>;
  readonly zones: RecordTable<ApbZoneInfo>;

  constructor(deviceID: number, limits: AccessLimits = DEFAULT_ACCESS_LIMITS) {
    this.groups = new RecordTable(deviceID, limits.groups, {
      kind: 'access group',
      idOf: (group) => group.ID,
      shapeProblem: groupShapeProblem,
      referenceProblem: (group) => groupReferenceProblem(group, this),
      stored: storedGroup,
    });
    this.levels = new RecordTable(deviceID, limits.levels, {
      kind: 'access level',
      idOf: (level) => level.ID,
      shapeProblem: levelShapeProblem,
      referenceProblem: (level) => levelReferenceProblem(level, this),
      stored: storedLevel,
    });
    this.schedules = new RecordTable(deviceID, limits.schedules, {
      kind: 'schedule',
      idOf: (schedule) => schedule.ID,
      shapeProblem: scheduleShapeProblem,
      referenceProblem: () => null,
      stored: storedSchedule,
    });
    this.doors = new RecordTable(deviceID, limits.doors, {
      kind: 'door',
      idOf: (door) => door.doorID,
      shapeProblem: doorShapeProblem,
      referenceProblem: () => null,
      stored: storedDoor,
    });
    this.zones = new RecordTable(deviceID, limits.zones, {
      kind: 'zone',
      idOf: (zone) => zone.zoneID,
      shapeProblem: zoneShapeProblem,
      referenceProblem: (zone) => zoneReferenceProblem(zone, this),
      stored: storedZone,
    });
  }

  hasGroup(id: number): boolean {
    return this.groups.has(id);
  }

  hasLevel(id: number): boolean {
    return this.levels.has(id);
  }

  hasDoor(id: number): boolean {
    return this.doors.has(id);
  }

  /** The predefined "Always" is on every device without being stored. */
  hasSchedule(id: number): boolean {
    return id === PREDEFINED_SCHEDULE_ALWAYS || this.schedules.has(id);
  }

  snapshot(): AccessSnapshot {
    return {
      groups: this.groups.list(),
      levels: this.levels.list(),
      schedules: this.schedules.list(),
      doors: this.doors.list(),
      zones: this.zones.list(),
    };
  }
}
