import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type {
  AddAccessGroupsMultiRequest,
  AddAccessGroupsRequest,
  AddAccessLevelsMultiRequest,
  AddAccessLevelsRequest,
  DeleteAccessGroupsMultiRequest,
  DeleteAccessGroupsRequest,
  DeleteAccessLevelsMultiRequest,
  DeleteAccessLevelsRequest,
  DeviceRequest,
  DevicesRequest,
  EmptyResponse,
  GetAccessGroupListResponse,
  GetAccessLevelListResponse,
} from '../../gsdk/messages';
import type { GatewayState } from './gatewayState';
import { connectedDevice, unary, writeTo, writeToEvery } from './handlers';

/**
 * gsdk.access.Access: access groups and access levels. Writes go through each device's write
 * queue like user writes; what a device refuses is in accessRules.ts. No events are logged.
 */
export function accessService(state: GatewayState): UntypedServiceImplementation {
  return {
    GetList: unary<DeviceRequest, GetAccessGroupListResponse>((request) => ({
      groups: connectedDevice(state, request.deviceID).access.groups.list(),
    })),
    Add: unary<AddAccessGroupsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.groups.put(request.groups)),
    ),
    AddMulti: unary<AddAccessGroupsMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.groups.put(request.groups)),
    ),
    Delete: unary<DeleteAccessGroupsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.groups.delete(request.groupIDs)),
    ),
    DeleteMulti: unary<DeleteAccessGroupsMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.groups.delete(request.groupIDs)),
    ),
    DeleteAll: unary<DeviceRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.groups.clear()),
    ),
    DeleteAllMulti: unary<DevicesRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.groups.clear()),
    ),

    GetLevelList: unary<DeviceRequest, GetAccessLevelListResponse>((request) => ({
      levels: connectedDevice(state, request.deviceID).access.levels.list(),
    })),
    AddLevel: unary<AddAccessLevelsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.levels.put(request.levels)),
    ),
    AddLevelMulti: unary<AddAccessLevelsMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.levels.put(request.levels)),
    ),
    DeleteLevel: unary<DeleteAccessLevelsRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.levels.delete(request.levelIDs)),
    ),
    DeleteLevelMulti: unary<DeleteAccessLevelsMultiRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.levels.delete(request.levelIDs)),
    ),
    DeleteAllLevel: unary<DeviceRequest, EmptyResponse>((request) =>
      writeTo(state, request.deviceID, (device) => device.access.levels.clear()),
    ),
    DeleteAllLevelMulti: unary<DevicesRequest, EmptyResponse>((request) =>
      writeToEvery(state, request.deviceIDs, (device) => device.access.levels.clear()),
    ),
  };
}
