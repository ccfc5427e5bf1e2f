import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { ConnectionMode } from '../../gsdk/messages';
import type {
  AddAsyncConnectionRequest,
  ConnectRequest,
  ConnectResponse,
  DeleteAsyncConnectionRequest,
  DeviceInfo,
  DisconnectRequest,
  EmptyResponse,
  GetDeviceListResponse,
  StatusChange,
  SubscribeStatusRequest,
} from '../../gsdk/messages';
import { SimError } from '../simError';
import type { SimDevice } from '../simDevice';
import type { GatewayState } from './gatewayState';
import { knownDevice, unary } from './handlers';
import { streamUntilClosed } from './streams';

/**
 * gsdk.connect.Connect. Every simulated device starts as an async (auto-reconnecting) connection
 * of the gateway. Disconnect and DeleteAsyncConnection drop it from the gateway's list (its
 * calls then fail with UNAVAILABLE); Connect (by IP) and AddAsyncConnection (by ID) take it back.
 */
export function connectService(state: GatewayState): UntypedServiceImplementation {
  const deviceInfo = (device: SimDevice): DeviceInfo => ({
    deviceID: device.deviceID,
    connectionMode: ConnectionMode.SERVER_TO_DEVICE,
    IPAddr: device.ip,
    port: device.port,
    status: state.statusOf(device),
    autoReconnect: device.link === 'async',
    useSSL: state.usesTls,
    type: device.model.type,
  });

  return {
    GetDeviceList: unary<object, GetDeviceListResponse>(() => ({
      deviceInfos: state
        .devices()
        .filter((device) => device.link !== 'none')
        .map(deviceInfo),
    })),

    SubscribeStatus: (call: ServerWritableStream<SubscribeStatusRequest, StatusChange>) => {
      const now = Math.floor(Date.now() / 1000);
      streamUntilClosed(call, (send) => {
        for (const device of state.devices()) {
          if (device.link !== 'none') send({ deviceID: device.deviceID, status: state.statusOf(device), timestamp: now });
        }
        return state.onStatusChange(send);
      });
    },

    Connect: unary<ConnectRequest, ConnectResponse>((request) => {
      const info = request.connectInfo;
      if (!info) throw new SimError(GrpcStatus.INVALID_ARGUMENT, 'connectInfo is missing');
      const device = state
        .devices()
        .find((candidate) => candidate.ip === info.IPAddr && (info.port === 0 || candidate.port === info.port));
      if (!device) throw new SimError(GrpcStatus.UNAVAILABLE, `no device answers at ${info.IPAddr}:${info.port}`);
      if (!device.online) {
        throw new SimError(GrpcStatus.UNAVAILABLE, `device ${device.deviceID} at ${info.IPAddr}:${info.port} does not answer`);
      }
      device.setLink('sync');
      return { deviceID: device.deviceID };
    }),

    AddAsyncConnection: unary<AddAsyncConnectionRequest, EmptyResponse>((request) => {
      const devices = request.connectInfos.map((info) => knownDevice(state, info.deviceID));
      for (const device of devices) device.setLink('async');
      return {};
    }),

    DeleteAsyncConnection: unary<DeleteAsyncConnectionRequest, EmptyResponse>((request) => {
      for (const deviceID of request.deviceIDs) {
        const device = state.device(deviceID);
        if (device?.link === 'async') device.setLink('none');
      }
      return {};
    }),

    Disconnect: unary<DisconnectRequest, EmptyResponse>((request) => {
      for (const deviceID of request.deviceIDs) state.device(deviceID)?.setLink('none');
      return {};
    }),
  };
}
