import { GatewayClient, GatewayError, isConnectedStatus, type GatewayEndpoint } from '../gsdk';
import type { GatewayTestResult } from '../../shared/domain/gatewaySettings';

/** Long enough for a gateway across a site's WAN, short enough that the operator waits for the answer. */
const TEST_TIMEOUT_MS = 5_000;

/**
 * Tries a gateway the way a connection would, without keeping it: the channel with that CA
 * pinned (when it does not get ready, the client's probe tells a refused or silent port from an
 * untrusted certificate), then `Connect.GetDeviceList`, whose answer proves it is a G-SDK gateway.
 */
export async function testGatewayConnection(endpoint: GatewayEndpoint & { caCert: Buffer }, timeoutMs = TEST_TIMEOUT_MS): Promise<GatewayTestResult> {
  const client = new GatewayClient(endpoint, { callTimeoutMs: timeoutMs });
  const started = performance.now();
  try {
    await client.waitForReady(timeoutMs);
    const devices = await client.connect.getDeviceList();
    const connected = devices.filter((device) => isConnectedStatus(device.status)).length;
    return { outcome: 'ok', deviceCount: devices.length, connectedCount: connected, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof GatewayError)) return { outcome: 'failed', message };
    switch (error.kind) {
      case 'unreachable':
        return { outcome: 'unreachable', message };
      case 'untrusted':
        return { outcome: 'untrusted', message };
      case 'protocol':
      case 'refused':
        return { outcome: 'failed', message };
    }
  } finally {
    client.close();
  }
}
