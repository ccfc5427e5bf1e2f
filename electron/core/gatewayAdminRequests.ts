import type { RequestHandlers, RequestName } from '../../shared/ipc/contract';

/** The contract's requests of Settings → Device gateways and of adding or removing a device through a gateway. */
export const GATEWAY_ADMIN_REQUESTS = [
  'getGatewaySettings',
  'testGateway',
  'addGateway',
  'updateGateway',
  'removeGateway',
  'setVirtualSiteEnabled',
  'chooseCaCertificate',
  'addDeviceByAddress',
  'removeDevice',
] as const satisfies readonly RequestName[];
export type GatewayAdminRequestName = (typeof GATEWAY_ADMIN_REQUESTS)[number];

/** A core made without the runtime's settings (tests of the gateway side) refuses them, saying why. */
export function refuseGatewayAdmin(): Pick<RequestHandlers, GatewayAdminRequestName> {
  const refuse = async (): Promise<never> => {
    throw new Error('this console was started without gateway settings');
  };
  return Object.fromEntries(GATEWAY_ADMIN_REQUESTS.map((name) => [name, refuse])) as unknown as Pick<RequestHandlers, GatewayAdminRequestName>;
}
