import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { GetCapabilityRequest, GetCapabilityResponse, GetInfoRequest, GetInfoResponse } from '../../gsdk/messages';
import type { GatewayState } from './gatewayState';
import { connectedDevice, unary } from './handlers';

/** gsdk.device.Device: what a device says about itself; it must be connected to answer. */
export function deviceService(state: GatewayState): UntypedServiceImplementation {
  return {
    GetInfo: unary<GetInfoRequest, GetInfoResponse>((request) => ({
      info: connectedDevice(state, request.deviceID).factoryInfo(),
    })),
    GetCapability: unary<GetCapabilityRequest, GetCapabilityResponse>((request) => ({
      deviceCapability: connectedDevice(state, request.deviceID).capability(),
    })),
  };
}
