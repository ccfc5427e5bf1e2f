import type { GatewayState } from '../../shared/devices';

/**
 * Sorts a failed gateway session into what the operator must do about it: wait (unreachable),
 * fix trust (untrusted certificate), or read the message (anything else).
 */
export function classifyGatewayFailure(error: unknown): { state: GatewayState; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (/certificate|self[- ]signed|ssl|tls|handshake/i.test(message)) {
    return { state: 'untrusted', message };
  }
  if (/unreachable|unavailable|ECONNREFUSED|ECONNRESET|timed out|deadline|No connection established/i.test(message)) {
    return { state: 'unreachable', message };
  }
  return { state: 'failed', message };
}
