import type { GatewayState } from '../../shared/devices';
import { GatewayError } from '../gsdk';

/**
 * Sorts a failed gateway session into what the operator must do about it: wait (unreachable),
 * fix trust (untrusted certificate), or read the message (anything else: a gateway that speaks
 * another protocol, sends answers that do not decode, or refuses our calls).
 */
export function classifyGatewayFailure(error: unknown): { state: Extract<GatewayState, 'unreachable' | 'untrusted' | 'failed'>; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof GatewayError)) return { state: 'failed', message };
  switch (error.kind) {
    case 'unreachable':
      return { state: 'unreachable', message };
    case 'untrusted':
      return { state: 'untrusted', message };
    case 'protocol':
    case 'refused':
      return { state: 'failed', message };
  }
}
