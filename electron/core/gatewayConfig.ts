/** One gateway the console talks to: the built-in virtual site or a real G-SDK gateway. */
export interface GatewayConfig {
  id: string;
  label: string;
  kind: 'virtual' | 'remote';
  host: string;
  port: number;
  /** PEM of the gateway's CA certificate (pinned); null only for loopback without TLS. */
  caCert: Buffer | null;
  /**
   * The site's name for a device, when the console knows one. G-SDK carries no device name,
   * so a device without one is shown as "<model> <deviceID>".
   */
  deviceName?: (deviceID: number) => string | undefined;
}

export function gatewayAddress(config: Pick<GatewayConfig, 'host' | 'port'>): string {
  return config.host.includes(':') ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;
}
