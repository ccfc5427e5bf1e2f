import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { UserInfoMask } from '../../gsdk/messages';
import type {
  DeleteAllMultiRequest,
  DeleteAllRequest,
  DeleteMultiRequest,
  DeleteRequest,
  EmptyResponse,
  EnrollMultiRequest,
  EnrollRequest,
  GetListRequest,
  GetListResponse,
  GetPartialRequest,
  GetPartialResponse,
  GetRequest,
  GetResponse,
  GetStatisticRequest,
  GetStatisticResponse,
  UserInfo,
} from '../../gsdk/messages';
import { keepWireFaults } from '../rawUsers';
import { normalizeUser } from '../userRules';
import type { GatewayState } from './gatewayState';
import { connectedDevice, onEveryDevice, unary } from './handlers';

const NO_BYTES = Buffer.alloc(0);

/** Only the parts `infoMask` asks for; the header always, so the caller knows whose record it is. */
function maskedUser(user: UserInfo, infoMask: number): UserInfo {
  const wants = (bit: number): boolean => (infoMask & bit) !== 0;
  const masked: UserInfo = {
    hdr: user.hdr,
    setting: wants(UserInfoMask.SETTING) ? user.setting : null,
    name: wants(UserInfoMask.NAME) ? user.name : '',
    cards: wants(UserInfoMask.CARD) ? user.cards : [],
    fingers: wants(UserInfoMask.FINGER) ? user.fingers : [],
    faces: wants(UserInfoMask.FACE) ? user.faces : [],
    accessGroupIDs: wants(UserInfoMask.ACCESS_GROUP) ? user.accessGroupIDs : [],
    jobCodes: [],
    PIN: wants(UserInfoMask.PIN) ? user.PIN : NO_BYTES,
    photo: wants(UserInfoMask.PHOTO) ? user.photo : NO_BYTES,
  };
  return keepWireFaults(user, masked);
}

/**
 * gsdk.user.User. Writes go through each device's write queue (latency, fault switch) and log
 * their events with changedOnDevice = false; a ...Multi call applies to every device it can.
 */
export function userService(state: GatewayState): UntypedServiceImplementation {
  return {
    GetList: unary<GetListRequest, GetListResponse>((request) => ({
      hdrs: connectedDevice(state, request.deviceID).headers(),
    })),

    Get: unary<GetRequest, GetResponse>((request) => ({
      users: connectedDevice(state, request.deviceID).usersByID(request.userIDs),
    })),

    GetPartial: unary<GetPartialRequest, GetPartialResponse>((request) => ({
      users: connectedDevice(state, request.deviceID)
        .usersByID(request.userIDs)
        .map((user) => maskedUser(user, request.infoMask)),
    })),

    Enroll: unary<EnrollRequest, EmptyResponse>(async (request) => {
      const device = connectedDevice(state, request.deviceID);
      const users = request.users.map(normalizeUser);
      await device.gatewayWrite(() => device.enroll(users, request.overwrite, 'gateway'));
      return {};
    }),

    EnrollMulti: unary<EnrollMultiRequest, EmptyResponse>(async (request) => {
      const users = request.users.map(normalizeUser);
      await onEveryDevice(state, request.deviceIDs, (device) =>
        device.gatewayWrite(() => device.enroll(users, request.overwrite, 'gateway')),
      );
      return {};
    }),

    Delete: unary<DeleteRequest, EmptyResponse>(async (request) => {
      const device = connectedDevice(state, request.deviceID);
      await device.gatewayWrite(() => device.delete(request.userIDs, 'gateway'));
      return {};
    }),

    DeleteMulti: unary<DeleteMultiRequest, EmptyResponse>(async (request) => {
      await onEveryDevice(state, request.deviceIDs, (device) =>
        device.gatewayWrite(() => device.delete(request.userIDs, 'gateway')),
      );
      return {};
    }),

    DeleteAll: unary<DeleteAllRequest, EmptyResponse>(async (request) => {
      const device = connectedDevice(state, request.deviceID);
      await device.gatewayWrite(() => device.deleteAll('gateway'));
      return {};
    }),

    DeleteAllMulti: unary<DeleteAllMultiRequest, EmptyResponse>(async (request) => {
      await onEveryDevice(state, request.deviceIDs, (device) => device.gatewayWrite(() => device.deleteAll('gateway')));
      return {};
    }),

    GetStatistic: unary<GetStatisticRequest, GetStatisticResponse>((request) => ({
      userStatistic: connectedDevice(state, request.deviceID).statistic(),
    })),
  };
}
