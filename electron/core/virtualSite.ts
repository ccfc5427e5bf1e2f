import path from 'node:path';
import { startControlServer } from '../sim/controlServer';
import { VirtualGateway } from '../sim/virtualGateway';
import type { GatewayConfig } from './gatewayConfig';

export interface VirtualSite {
  gateway: VirtualGateway;
  controlPort: number;
  config: GatewayConfig;
  stop(): Promise<void>;
}

export interface VirtualSiteOptions {
  /** Where the site keeps its CA and server certificate between starts. */
  dataDir: string;
  devices?: number;
  grpcPort?: number;
  controlPort?: number;
  /** The console speaks TLS to its own virtual site too, so the path is the same as for real gateways. */
  tls?: boolean;
}

export const VIRTUAL_GATEWAY_ID = 'virtual';

/**
 * The built-in demo site: a virtual G-SDK gateway on loopback with a demo fleet, and its control
 * API (how the operator, tests and benchmarks act *at* a simulated device).
 */
export async function startVirtualSite(options: VirtualSiteOptions): Promise<VirtualSite> {
  const tls = options.tls ?? true;
  const gateway = await VirtualGateway.start({
    host: '127.0.0.1',
    port: options.grpcPort ?? 0,
    tls: tls ? { certDir: path.join(options.dataDir, 'virtual-site', 'certs') } : null,
    devices: options.devices ?? 12,
  });
  let control: Awaited<ReturnType<typeof startControlServer>>;
  try {
    control = await startControlServer(gateway, { host: '127.0.0.1', port: options.controlPort ?? 0 });
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  return {
    gateway,
    controlPort: control.port,
    config: {
      id: VIRTUAL_GATEWAY_ID,
      label: 'Virtual site',
      kind: 'virtual',
      host: '127.0.0.1',
      port: gateway.grpcPort,
      caCert: gateway.caCert,
      deviceName: (deviceID) => gateway.device(deviceID)?.name,
    },
    async stop() {
      await control.close();
      await gateway.stop();
    },
  };
}
