import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/ipc/contract';
import { blankUser } from '../../shared/domain/user';
import { ensureGatewayCerts } from '../sim/certs';
import { userFromJson } from '../sim/userJson';
import { VirtualGateway } from '../sim/virtualGateway';
import { ConsoleCore } from './consoleCore';
import type { GatewayConfig } from './gatewayConfig';
import { closedPort } from '../gsdk/testSupport';
import { untilCore } from './coreTestSupport';

// Short waits so reconnect paths run in test time; production uses the defaults.
const FAST = { backoff: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0 }, readyTimeoutMs: 1_500, listRefreshMs: 500, userCountDebounceMs: 20 };

let certBase: string;
let site: VirtualGateway;
const cores: ConsoleCore[] = [];

beforeAll(async () => {
  certBase = await mkdtemp(path.join(tmpdir(), 'core-test-'));
  site = await VirtualGateway.start({ port: 0, tls: { certDir: path.join(certBase, 'site') }, devices: 4 });
});

afterAll(async () => {
  await site.stop();
  await rm(certBase, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
});

function gatewayConfig(change: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    id: 'site',
    label: 'Test site',
    kind: 'virtual',
    host: '127.0.0.1',
    port: site.grpcPort,
    caCert: site.caCert,
    deviceName: (id) => site.device(id)?.name,
    ...change,
  };
}

function startCore(config: GatewayConfig): ConsoleCore {
  const core = new ConsoleCore({ gateways: [config], appInfo: { version: 'test', shell: 'host', virtualSite: null }, connection: FAST });
  cores.push(core);
  core.start();
  return core;
}

const until = (core: ConsoleCore, check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => untilCore(core, check, what, timeoutMs);

const gateway = (core: ConsoleCore) => core.handlers.listGateways(undefined);
const deviceOf = (core: ConsoleCore, id: number) => core.registry.get(`site/${id}`);

describe('ConsoleCore against the virtual gateway over TLS', () => {
  it('mirrors every device with model, firmware and user count', async () => {
    const core = startCore(gatewayConfig());
    const expected = site.devices();
    await until(core, () => core.registry.list().filter((d) => d.userCount !== null).length === expected.length, 'all devices enriched');
    for (const simulated of expected) {
      const device = deviceOf(core, simulated.deviceID);
      expect(device).toMatchObject({
        name: simulated.name,
        connection: 'connected',
        connectionDetail: 'TLS',
        userCount: simulated.userCount,
      });
      expect(device?.model).toBe(simulated.model.name);
      expect(device?.firmware).toBeTruthy();
    }
    expect((await gateway(core))[0]).toMatchObject({ state: 'connected', tls: true, message: null });
  });

  it('follows a device losing and regaining its network', async () => {
    const core = startCore(gatewayConfig());
    const [target] = site.devices();
    const id = target!.deviceID;
    await until(core, () => deviceOf(core, id)?.connection === 'connected', 'connected');
    site.setNetwork(id, false);
    await until(core, () => deviceOf(core, id)?.connection === 'disconnected', 'disconnected', 2_000);
    site.setNetwork(id, true);
    await until(core, () => deviceOf(core, id)?.connection === 'connected', 'connected again', 2_000);
  });

  it('updates the user count when a user is enrolled at a device', async () => {
    const core = startCore(gatewayConfig());
    const target = site.devices()[1]!;
    await until(core, () => deviceOf(core, target.deviceID)?.userCount === target.userCount, 'initial count');
    const before = target.userCount;
    site.enrollAtDevice(target.deviceID, userFromJson({ ID: '880001', name: 'Walk-in' }));
    await until(core, () => deviceOf(core, target.deviceID)?.userCount === before + 1, 'count after enrol');
  });

  it('reconnects after a gateway restart and follows status changes on the new streams', async () => {
    const core = startCore(gatewayConfig());
    const id = site.devices()[2]!.deviceID;
    await until(core, () => deviceOf(core, id)?.connection === 'connected', 'connected');
    let sawLoss = false;
    const unsubscribe = core.subscribe({
      emit(name, payload) {
        if (name === 'gatewaysChanged' && (payload as EventPayload<'gatewaysChanged'>)[0]?.state !== 'connected') sawLoss = true;
      },
    });
    await site.restart();
    await until(core, () => sawLoss, 'the gateway to be seen lost');
    unsubscribe();
    await until(core, () => deviceOf(core, id)?.connection === 'connected', 'devices back after restart', 8_000);
    site.setNetwork(id, false);
    await until(core, () => deviceOf(core, id)?.connection === 'disconnected', 'a status change on the new stream', 2_000);
    site.setNetwork(id, true);
  });
});

describe('ConsoleCore without a database', () => {
  it('refuses every request that needs the master copy, and still answers the gateway ones', async () => {
    const core = startCore(gatewayConfig());
    await expect(core.handlers.syncDevice({ deviceId: 1 })).rejects.toThrow('no database is attached');
    await expect(core.handlers.saveUser({ user: blankUser('1') })).rejects.toThrow('no master copy to edit or sync');
    await expect(core.handlers.deleteZones({ ids: [1] })).rejects.toThrow('no database is attached');
    await expect(core.handlers.getSyncMode(undefined)).rejects.toThrow('no database is attached');
    await expect(core.handlers.setSyncMode({ mode: 'all' })).rejects.toThrow('no database is attached');
    await expect(core.handlers.explainPlacement({ deviceId: 1, userIds: ['1'] })).rejects.toThrow('no database is attached');
    await expect(core.handlers.previewSyncMode({ mode: 'specific' })).rejects.toThrow('no database is attached');
    await expect(core.handlers.listGateways(undefined)).resolves.toHaveLength(1);
  });
});

describe('ConsoleCore when the gateway misbehaves', () => {
  it('says a gateway with another CA is untrusted and keeps retrying', async () => {
    const other = await ensureGatewayCerts(path.join(certBase, 'other-ca'));
    const core = startCore(gatewayConfig({ caCert: other.caCert }));
    await until(core, () => core.handlers.listGateways(undefined) !== null && latestState(core) === 'untrusted', 'untrusted', 8_000);
    const [view] = await gateway(core);
    expect(view?.message).toMatch(/certificate|trust/i);
    expect(view?.nextRetryAt).toBeGreaterThan(Date.now() - 1_000);
    expect(core.registry.list()).toEqual([]);
  });

  it('says a closed port is unreachable, and Retry now tries again at once', async () => {
    const port = await closedPort();
    const core = startCore(gatewayConfig({ port, caCert: null }));
    await until(core, () => latestState(core) === 'unreachable', 'unreachable', 8_000);
    let attempts = 0;
    core.subscribe({
      emit(name, payload) {
        // An attempt under way keeps the failure's state, with no retry time set.
        if (name === 'gatewaysChanged' && (payload as EventPayload<'gatewaysChanged'>)[0]?.nextRetryAt === null) attempts += 1;
      },
    });
    await core.handlers.retryGateway({ gatewayId: 'site' });
    await until(core, () => attempts > 0, 'a new attempt', 1_000);
    await expect(core.handlers.retryGateway({ gatewayId: 'nope' })).rejects.toThrow('no gateway "nope"');
  });

  it('survives a server that answers with garbage bytes instead of HTTP/2', async () => {
    const garbage = await garbageServer();
    try {
      const core = startCore(gatewayConfig({ port: garbage.port, caCert: null }));
      await until(core, () => latestState(core) === 'failed', 'failed: it accepts TCP but speaks no gRPC', 8_000);
      expect((await gateway(core))[0]?.message).toBeTruthy();
    } finally {
      await garbage.close();
    }
  });

  it('survives a gRPC server whose answers do not decode, marking the gateway failed', async () => {
    const broken = await malformedGateway();
    try {
      const core = startCore(gatewayConfig({ port: broken.port, caCert: null }));
      await until(core, () => latestState(core) === 'failed', 'failed', 8_000);
      const [view] = await gateway(core);
      expect(view?.message).toBeTruthy();
      expect(view?.nextRetryAt).not.toBeNull();
      expect(core.registry.list()).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

const states = new WeakMap<ConsoleCore, string>();
function latestState(core: ConsoleCore): string | undefined {
  if (!states.has(core)) {
    states.set(core, '');
    core.subscribe({
      emit(name, payload) {
        if (name === 'gatewaysChanged') states.set(core, (payload as EventPayload<'gatewaysChanged'>)[0]?.state ?? '');
      },
    });
  }
  return states.get(core);
}

async function garbageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(Buffer.from('HTTP/1.1 200 OK\r\n\r\n\x00\xff\xfe garbage'.repeat(4), 'latin1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A gRPC server on the real method paths whose answers are bytes no protobuf decoder accepts. */
async function malformedGateway(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new Server();
  const junk = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0xff]);
  const raw = (method: string, streaming: boolean) => ({
    path: method,
    requestStream: false,
    responseStream: streaming,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  });
  const definition = {
    GetDeviceList: raw('/gsdk.connect.Connect/GetDeviceList', false),
    SubscribeStatus: raw('/gsdk.connect.Connect/SubscribeStatus', true),
  };
  const implementation: UntypedServiceImplementation = {
    GetDeviceList: (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, junk),
    SubscribeStatus: (call: { write(value: Buffer): void }) => call.write(junk),
  };
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}
