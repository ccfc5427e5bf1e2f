/**
 * Starts the virtual gateway and its control API:
 *   npx tsx electron/sim/cli.ts [--host 127.0.0.1] [--port <grpc>] [--control-port <http>]
 *       [--devices <n>] [--insecure] [--seed <file>] [--cert-dir <dir>]
 * When ready it prints one JSON line to stdout: {"ready":true,"grpcPort":…,"controlPort":…,
 * "caCert":"<path of ca.crt>" (TLS only),"devices":…}. Bad arguments exit with code 2.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startControlServer } from './controlServer';
import { VirtualGateway } from './virtualGateway';

const USAGE =
  'usage: cli.ts [--host <addr>] [--port <grpc port>] [--control-port <http port>] [--devices <n>] ' +
  '[--insecure] [--seed <file>] [--cert-dir <dir>]';

interface CliOptions {
  host: string;
  grpcPort: number;
  controlPort: number;
  devices: number | undefined;
  insecure: boolean;
  seedFile: string | undefined;
  certDir: string;
}

class UsageError extends Error {}

function parsePort(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--${name} must be a port number (0 = any free port)`);
  return Number(value);
}

function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'control-port': { type: 'string' },
        devices: { type: 'string' },
        insecure: { type: 'boolean' },
        seed: { type: 'string' },
        'cert-dir': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values } = parsed;
  const devices = values.devices;
  if (devices !== undefined && (!/^\d+$/.test(devices) || Number(devices) > 100_000)) {
    throw new UsageError('--devices must be a number from 0 to 100000');
  }
  return {
    host: values.host ?? '127.0.0.1',
    grpcPort: parsePort('port', values.port),
    controlPort: parsePort('control-port', values['control-port']),
    devices: devices === undefined ? undefined : Number(devices),
    insecure: values.insecure ?? false,
    seedFile: values.seed,
    certDir: path.resolve(values['cert-dir'] ?? path.join('.cache', 'sim-certs')),
  };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }

  const gateway = await VirtualGateway.start({
    host: options.host,
    port: options.grpcPort,
    tls: options.insecure ? null : { certDir: options.certDir },
    devices: options.devices,
    seedFile: options.seedFile,
  });
  const control = await startControlServer(gateway, { host: options.host, port: options.controlPort });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    Promise.all([control.close(), gateway.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const ready: Record<string, unknown> = {
    ready: true,
    grpcPort: gateway.grpcPort,
    controlPort: control.port,
    host: options.host,
    devices: gateway.devices().length,
  };
  if (gateway.caCertPath) ready.caCert = gateway.caCertPath;
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`virtual gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
