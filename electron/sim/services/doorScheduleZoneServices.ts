import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type {
  AddApbZonesRequest,
  AddDoorsRequest,
  AddSchedulesMultiRequest,
  AddSchedulesRequest,
  DeleteApbZonesRequest,
  DeleteDoorsRequest,
  DeleteSchedulesMultiRequest,
  DeleteSchedulesRequest,
  DeviceRequest,
  DevicesRequest,
  EmptyResponse,
  GetApbZonesResponse,
  GetDoorListResponse,
  GetScheduleListResponse,
} from '../../gsdk/messages';
import type { GatewayState } from './gatewayState';
import { connectedDevice, unary, writeTo, writeToEvery } from './handlers';

/*
 * gsdk.door.Door, gsdk.schedule.Schedule and gsdk.apb_zone.APBZone: the same list / add /
 * delete / delete-all pattern over a device's tables, through its write queue like user writes.
 * What a device refuses is in accessRules.ts. No events are logged.
 */

export function doorService(state: GatewayState): UntypedServiceImplementation {
  return {
    GetList: unary<DeviceRequest, GetDoorListResponse>((request) => ({
      doors: connectedDevice(state, request.deviceID).access.doors.list(),
    })),
    Add: unary<AddDoorsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.doors.put(request.doors)),
    ),
    Delete: unary<DeleteDoorsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.doors.delete(request.doorIDs)),
    ),
    DeleteAll: unary<DeviceRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.doors.clear()),
    ),
  };
}

export function scheduleService(state: GatewayState): UntypedServiceImplementation {
  return {
    GetList: unary<DeviceRequest, GetScheduleListResponse>((request) => ({
      schedules: connectedDevice(state, request.deviceID).access.schedules.list(),
    })),
    Add: unary<AddSchedulesRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.schedules.put(request.schedules)),
    ),
    AddMulti: unary<AddSchedulesMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.schedules.put(request.schedules)),
    ),
    Delete: unary<DeleteSchedulesRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.schedules.delete(request.scheduleIDs)),
    ),
    DeleteMulti: unary<DeleteSchedulesMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.schedules.delete(request.scheduleIDs)),
    ),
    DeleteAll: unary<DeviceRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.schedules.clear()),
    ),
    DeleteAllMulti: unary<DevicesRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.schedules.clear()),
    ),
  };
}

/** Anti-passback zones; the list call is named Get, as in the public reference. */
export function apbZoneService(state: GatewayState): UntypedServiceImplementation {
  return {
    Get: unary<DeviceRequest, GetApbZonesResponse>((request) => ({
      zones: connectedDevice(state, request.deviceID).access.zones.list(),
    })),
    Add: unary<AddApbZonesRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.zones.put(request.zones)),
    ),
    Delete: unary<DeleteApbZonesRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.zones.delete(request.zoneIDs)),
    ),
    DeleteAll: unary<DeviceRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.zones.clear()),
    ),
  };
}
