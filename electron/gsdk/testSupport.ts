import { createServer } from 'node:net';
import type { ServiceClientConstructor } from '@grpc/grpc-js';
import { GatewayError } from './gatewayError';

/** For tests: the GatewayError `promise` rejects with; fails the test if it resolves or rejects otherwise. */
export async function gatewayFailureOf(promise: Promise<unknown>): Promise<GatewayError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

/** For tests: a loopback port with nothing listening (bound, noted, closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** For tests: the client constructor at `dottedName` (e.g. 'gsdk.user.User') of a loaded grpc object. */
export function serviceConstructor(grpcObject: unknown, dottedName: string): ServiceClientConstructor {
  let node: unknown = grpcObject;
  for (const part of dottedName.split('.')) node = (node as Record<string, unknown>)[part];
  return node as ServiceClientConstructor;
}
