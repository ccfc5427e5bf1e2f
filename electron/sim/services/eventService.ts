import { status as GrpcStatus, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type {
  DisableMonitoringRequest,
  EmptyResponse,
  EnableMonitoringMultiRequest,
  EnableMonitoringRequest,
  EventLog,
  GetLogRequest,
  GetLogResponse,
  SubscribeRealtimeLogRequest,
} from '../../gsdk/messages';
import type { GatewayState } from './gatewayState';
import { connectedDevice, knownDevice, onEveryDevice, unary } from './handlers';
import { streamUntilClosed } from './streams';

/**
 * gsdk.event.Event. The realtime stream carries only events of devices with monitoring enabled;
 * monitoring is lost when a device drops off or the gateway restarts, as with a real gateway.
 */
export function eventService(state: GatewayState): UntypedServiceImplementation {
  return {
    EnableMonitoring: unary<EnableMonitoringRequest, EmptyResponse>((request) => {
      connectedDevice(state, request.deviceID).setMonitoring(true);
      return {};
    }),

    EnableMonitoringMulti: unary<EnableMonitoringMultiRequest, EmptyResponse>(async (request) => {
      await onEveryDevice(state, request.deviceIDs, (device) => device.setMonitoring(true));
      return {};
    }),

    DisableMonitoring: unary<DisableMonitoringRequest, EmptyResponse>((request) => {
      knownDevice(state, request.deviceID).setMonitoring(false);
      return {};
    }),

    SubscribeRealtimeLog: (call: ServerWritableStream<SubscribeRealtimeLogRequest, EventLog>) => {
      const deviceIDs = new Set(call.request.deviceIDs);
      const eventCodes = new Set(call.request.eventCodes);
      streamUntilClosed(
        call,
        (send) => {
          const stopEvents = state.onRealtimeEvent((event) => {
            if (deviceIDs.size > 0 && !deviceIDs.has(event.deviceID)) return;
            if (eventCodes.size > 0 && !eventCodes.has(event.eventCode)) return;
            send(event);
          });
          const stopCut = state.onRealtimeCut((how) => {
            // Events logged from now on reach no stream until the client subscribes again.
            stopEvents();
            if (how === 'end') call.end();
            else call.emit('error', { code: GrpcStatus.UNAVAILABLE, details: 'the gateway reset its realtime log subscribers' });
          });
          return () => {
            stopEvents();
            stopCut();
          };
        },
        // A gateway discards realtime events once a subscriber's queue is full.
        Math.max(call.request.queueSize, 0),
        (event) => state.realtimeDiscarded(event),
      );
    },

    GetLog: unary<GetLogRequest, GetLogResponse>((request) => ({
      events: connectedDevice(state, request.deviceID).events(request.startEventID, request.maxNumOfLog),
    })),
  };
}
