import { GatewayClient, isConnectedStatus, type GatewayEndpoint } from '../gsdk';
import { classifyGatewayFailure } from './gatewayFailure';
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
    // The same reading of a failure as a running connection's (its state names are the outcomes).
    const { state, message } = classifyGatewayFailure(error);
    return { outcome: state, message };
  } finally {
    client.close();
  }
}
