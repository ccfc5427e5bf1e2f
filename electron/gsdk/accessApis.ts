import type { GsdkServiceKey } from './loadProtos';
import type {
  AccessGroup,
  AccessLevel,
  ApbZoneInfo,
  DoorInfo,
  GetAccessGroupListResponse,
  GetAccessLevelListResponse,
  GetApbZonesResponse,
  GetDoorListResponse,
  GetScheduleListResponse,
  ScheduleInfo,
} from './messages';

/**
 * The client's part for access rules: access groups and levels, doors, schedules and
 * anti-passback zones. Every call goes through GatewayClient's unary call, so deadlines, errors
 * (GatewayError) and per-device Multi errors behave exactly as for users.
 */

/** GatewayClient's unary call; it resolves with the decoded response (shapes in messages.ts). */
export type UnaryCall = (service: GsdkServiceKey, method: string, request: object) => Promise<unknown>;

export interface AccessApi {
  getGroups(deviceID: number): Promise<AccessGroup[]>;
  /** Stores every group or none; an ID already on the device is replaced. */
  addGroups(deviceID: number, groups: AccessGroup[]): Promise<void>;
  addGroupsMulti(deviceIDs: number[], groups: AccessGroup[]): Promise<void>;
  deleteGroups(deviceID: number, groupIDs: number[]): Promise<void>;
  deleteGroupsMulti(deviceIDs: number[], groupIDs: number[]): Promise<void>;
  deleteAllGroups(deviceID: number): Promise<void>;
  deleteAllGroupsMulti(deviceIDs: number[]): Promise<void>;
  getLevels(deviceID: number): Promise<AccessLevel[]>;
  /** Stores every level or none; an ID already on the device is replaced. */
  addLevels(deviceID: number, levels: AccessLevel[]): Promise<void>;
  addLevelsMulti(deviceIDs: number[], levels: AccessLevel[]): Promise<void>;
  deleteLevels(deviceID: number, levelIDs: number[]): Promise<void>;
  deleteLevelsMulti(deviceIDs: number[], levelIDs: number[]): Promise<void>;
  deleteAllLevels(deviceID: number): Promise<void>;
  deleteAllLevelsMulti(deviceIDs: number[]): Promise<void>;
}

export interface DoorApi {
  getList(deviceID: number): Promise<DoorInfo[]>;
  /** Stores every door or none; an ID already on the device is replaced. */
  add(deviceID: number, doors: DoorInfo[]): Promise<void>;
  delete(deviceID: number, doorIDs: number[]): Promise<void>;
  deleteAll(deviceID: number): Promise<void>;
}

export interface ScheduleApi {
  /** Without the predefined "Always" (ID 1), which every device has. */
  getList(deviceID: number): Promise<ScheduleInfo[]>;
  /** Stores every schedule or none; an ID already on the device is replaced. */
  add(deviceID: number, schedules: ScheduleInfo[]): Promise<void>;
  addMulti(deviceIDs: number[], schedules: ScheduleInfo[]): Promise<void>;
  delete(deviceID: number, scheduleIDs: number[]): Promise<void>;
  deleteMulti(deviceIDs: number[], scheduleIDs: number[]): Promise<void>;
  deleteAll(deviceID: number): Promise<void>;
  deleteAllMulti(deviceIDs: number[]): Promise<void>;
}

/** Anti-passback zones (gsdk.apb_zone.APBZone). */
export interface ZoneApi {
  getList(deviceID: number): Promise<ApbZoneInfo[]>;
  /** Stores every zone or none; an ID already on the device is replaced. */
  add(deviceID: number, zones: ApbZoneInfo[]): Promise<void>;
  delete(deviceID: number, zoneIDs: number[]): Promise<void>;
  deleteAll(deviceID: number): Promise<void>;
}

/** The decoded response, typed as messages.ts describes it (the loader's options guarantee the shape). */
async function answer<Response>(call: Promise<unknown>): Promise<Response> {
  return (await call) as Response;
}

async function done(call: Promise<unknown>): Promise<void> {
  await call;
}

export function accessApi(call: UnaryCall): AccessApi {
  const access = (method: string, request: object): Promise<unknown> => call('access', method, request);
  return {
    getGroups: async (deviceID) => (await answer<GetAccessGroupListResponse>(access('GetList', { deviceID }))).groups,
    addGroups: (deviceID, groups) => done(access('Add', { deviceID, groups })),
    addGroupsMulti: (deviceIDs, groups) => done(access('AddMulti', { deviceIDs, groups })),
    deleteGroups: (deviceID, groupIDs) => done(access('Delete', { deviceID, groupIDs })),
    deleteGroupsMulti: (deviceIDs, groupIDs) => done(access('DeleteMulti', { deviceIDs, groupIDs })),
    deleteAllGroups: (deviceID) => done(access('DeleteAll', { deviceID })),
    deleteAllGroupsMulti: (deviceIDs) => done(access('DeleteAllMulti', { deviceIDs })),
    getLevels: async (deviceID) => (await answer<GetAccessLevelListResponse>(access('GetLevelList', { deviceID }))).levels,
    addLevels: (deviceID, levels) => done(access('AddLevel', { deviceID, levels })),
    addLevelsMulti: (deviceIDs, levels) => done(access('AddLevelMulti', { deviceIDs, levels })),
    deleteLevels: (deviceID, levelIDs) => done(access('DeleteLevel', { deviceID, levelIDs })),
    deleteLevelsMulti: (deviceIDs, levelIDs) => done(access('DeleteLevelMulti', { deviceIDs, levelIDs })),
    deleteAllLevels: (deviceID) => done(access('DeleteAllLevel', { deviceID })),
    deleteAllLevelsMulti: (deviceIDs) => done(access('DeleteAllLevelMulti', { deviceIDs })),
  };
}

export function doorApi(call: UnaryCall): DoorApi {
  const door = (method: string, request: object): Promise<unknown> => call('door', method, request);
  return {
    getList: async (deviceID) => (await answer<GetDoorListResponse>(door('GetList', { deviceID }))).doors,
    add: (deviceID, doors) => done(door('Add', { deviceID, doors })),
    delete: (deviceID, doorIDs) => done(door('Delete', { deviceID, doorIDs })),
    deleteAll: (deviceID) => done(door('DeleteAll', { deviceID })),
  };
}

export function scheduleApi(call: UnaryCall): ScheduleApi {
  const schedule = (method: string, request: object): Promise<unknown> => call('schedule', method, request);
  return {
    getList: async (deviceID) => (await answer<GetScheduleListResponse>(schedule('GetList', { deviceID }))).schedules,
    add: (deviceID, schedules) => done(schedule('Add', { deviceID, schedules })),
    addMulti: (deviceIDs, schedules) => done(schedule('AddMulti', { deviceIDs, schedules })),
    delete: (deviceID, scheduleIDs) => done(schedule('Delete', { deviceID, scheduleIDs })),
    deleteMulti: (deviceIDs, scheduleIDs) => done(schedule('DeleteMulti', { deviceIDs, scheduleIDs })),
    deleteAll: (deviceID) => done(schedule('DeleteAll', { deviceID })),
    deleteAllMulti: (deviceIDs) => done(schedule('DeleteAllMulti', { deviceIDs })),
  };
}

export function zoneApi(call: UnaryCall): ZoneApi {
  const zone = (method: string, request: object): Promise<unknown> => call('apbZone', method, request);
  return {
    getList: async (deviceID) => (await answer<GetApbZonesResponse>(zone('Get', { deviceID }))).zones,
    add: (deviceID, zones) => done(zone('Add', { deviceID, zones })),
    delete: (deviceID, zoneIDs) => done(zone('Delete', { deviceID, zoneIDs })),
    deleteAll: (deviceID) => done(zone('DeleteAll', { deviceID })),
  };
}
