import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RequestHandlers } from '../../shared/ipc/contract';
import { dispatchRequest, type CallerSession } from '../../shared/ipc/dispatch';
import { closedPort } from '../gsdk/testSupport';
import { ensureGatewayCerts } from '../sim/certs';
import { VirtualGateway } from '../sim/virtualGateway';
import type { ConsoleCore } from './consoleCore';
import { startConsoleRuntime, type ConsoleRuntime } from './consoleRuntime';
import { GATEWAY_SETTINGS_FILE, loadGatewaySettings } from './gatewaySettingsFile';
import { signedInAdministrator } from './operators/testSessions';
import { untilCore } from './coreTestSupport';
import { openInProcessStore } from './store/inProcessStore';
import type { Store } from './store/store';

/**
 * Settings → Device gateways against real gRPC on loopback: the console's own virtual site plus a
 * second virtual gateway on another port, standing in for a real one (TLS with its own CA).
 */

const FAST = { backoff: { initialMs: 50, maxMs: 400, factor: 2, jitter: 0 }, readyTimeoutMs: 1_500, listRefreshMs: 500, userCountDebounceMs: 20 };
// Serial numbers well away from the demo fleet's (540M–549M), so the two sites never share one.
const REMOTE_IDS = [700_000_001, 700_000_002] as const;
const SPARE_ID = 700_000_003;
const SPARE_IP = '10.20.30.40';

let base: string;
let remote: VirtualGateway;
let remotePem: string;
const runtimes: ConsoleRuntime[] = [];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'gateway-admin-'));
  remote = await VirtualGateway.start({
    port: 0,
    tls: { certDir: path.join(base, 'remote-certs') },
    devices: [
      { deviceID: REMOTE_IDS[0], name: 'Remote A', ip: '10.20.30.1' },
      { deviceID: REMOTE_IDS[1], name: 'Remote B', ip: '10.20.30.2' },
      // On the site network, not held by the gateway: the operator adds it by its IP.
      { deviceID: SPARE_ID, name: 'Spare reader', ip: SPARE_IP, link: 'none' },
    ],
  });
  remotePem = remote.caCert!.toString('utf8');
});

afterAll(async () => {
  await remote.stop();
  await rm(base, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
});

async function start(dataDir: string, store?: Store): Promise<ConsoleRuntime> {
  const runtime = await startConsoleRuntime({ shell: 'host', version: 'test', dataDir, gateway: null, virtualSite: { devices: 2 }, connection: FAST, ...(store ? { store } : {}) });
  runtimes.push(runtime);
  return runtime;
}

const until = (core: ConsoleCore, check: () => boolean, what: string, timeoutMs = 8_000): Promise<void> => untilCore(core, check, what, timeoutMs);

const connectedOf = (core: ConsoleCore, gatewayId: string) => core.registry.forGateway(gatewayId).filter((device) => device.connection === 'connected');
// These requests' handlers never look at the session's own type.
const request = (core: ConsoleCore, name: Parameters<typeof dispatchRequest>[1], args?: unknown) =>
  dispatchRequest(core.handlers as RequestHandlers<CallerSession>, name, args, signedInAdministrator);

describe('device gateways configured while the console runs', () => {
  it('adds a second gateway beside the virtual site, edits it, adds and removes a device by IP, and removes the gateway', async () => {
    const dataDir = await mkdtemp(path.join(base, 'data-'));
    // A database behind the core, so the console's own log lines are stored and can be read back.
    const database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
    onTestFinished(() => database.close());
    const { core } = await start(dataDir, database.store);
    await until(core, () => connectedOf(core, 'virtual').length === 2, 'the virtual site');

    const { id } = (await request(core, 'addGateway', { name: 'Head office', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' })) as { id: string };
    await until(core, () => connectedOf(core, id).length === 2, 'the second gateway’s devices');
    expect(connectedOf(core, id).map((device) => device.deviceID).sort()).toEqual(REMOTE_IDS);
    expect(connectedOf(core, 'virtual')).toHaveLength(2);
    const stored = JSON.parse(await readFile(path.join(dataDir, GATEWAY_SETTINGS_FILE), 'utf8')) as { gateways: { id: string; host: string }[] };
    expect(stored.gateways).toEqual([expect.objectContaining({ id, host: '127.0.0.1' })]);

    await request(core, 'updateGateway', { id, name: 'Head office (main)', host: '127.0.0.1', port: remote.grpcPort });
    await until(core, () => connectedOf(core, id).length === 2 && core.connection(id)?.config.label === 'Head office (main)', 'the edited gateway reconnected');

    expect(await request(core, 'addDeviceByAddress', { gatewayId: id, ip: SPARE_IP, port: 51211, useSsl: false })).toEqual({ deviceId: SPARE_ID });
    await until(core, () => connectedOf(core, id).some((device) => device.deviceID === SPARE_ID), 'the device added by IP');
    expect(remote.device(SPARE_ID)?.link).toBe('async');

    // An async connection is deleted (a Disconnect alone would leave a real gateway dialling it again).
    const recording = remote.recordCalls();
    await request(core, 'removeDevice', { deviceId: SPARE_ID });
    recording.stop();
    await until(core, () => !core.registry.forGateway(id).some((device) => device.deviceID === SPARE_ID), 'the device removed');
    expect(remote.device(SPARE_ID)?.link).toBe('none');
    expect(recording.calls.filter((call) => call.path.startsWith('/gsdk.connect.Connect/') && call.path !== '/gsdk.connect.Connect/GetDeviceList')).toEqual([
      expect.objectContaining({ path: '/gsdk.connect.Connect/DeleteAsyncConnection', deviceIDs: [SPARE_ID] }),
    ]);

    await request(core, 'removeGateway', { id });
    expect(core.registry.forGateway(id)).toEqual([]);
    expect(core.connection(id)).toBeNull();
    expect(connectedOf(core, 'virtual')).toHaveLength(2);
    const settings = (await request(core, 'getGatewaySettings')) as { gateways: unknown[] };
    expect(settings.gateways).toEqual([]);

    // Each change is audited under the signed-in operator's name, the edit with before → after.
    await core.events!.flush();
    const logged = (await database.database.events.orderBy(':id').toArray()).map((event) => event.message);
    const audit = logged.filter((message) => message.startsWith('Test administrator '));
    expect(audit).toEqual([
      expect.stringMatching(/^Test administrator added gateway .*Head office/),
      expect.stringMatching(/^Test administrator changed gateway .*Head office.* → .*Head office \(main\)/),
      `Test administrator added device ${SPARE_ID} at ${SPARE_IP}:51211 through Head office (main)`,
      // Named as the registry knows it (the model, once read) and by its ID.
      expect.stringMatching(new RegExp(`^Test administrator removed .+ \\(${SPARE_ID}\\) from Head office \\(main\\)$`)),
      expect.stringMatching(/^Test administrator removed gateway .*Head office \(main\)/),
    ]);
  });

  it('refuses a device at an address nothing answers at, and a device already connected through another gateway', async () => {
    const { core } = await start(await mkdtemp(path.join(base, 'data-')));
    const { id } = (await request(core, 'addGateway', { name: '', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' })) as { id: string };
    await until(core, () => connectedOf(core, id).length === 2, 'the gateway');
    await expect(request(core, 'addDeviceByAddress', { gatewayId: id, ip: '10.99.99.99', port: 51211, useSsl: false })).rejects.toThrow(/no device answers at 10\.99\.99\.99/);
    // The renderer names a gateway and a strict IPv4 address, nothing else.
    await expect(request(core, 'addDeviceByAddress', { gatewayId: id, ip: 'localhost', port: 51211, useSsl: false })).rejects.toThrow(/invalid arguments/);

    const twin = await VirtualGateway.start({ port: 0, tls: { certDir: path.join(base, 'twin-certs') }, devices: [{ deviceID: REMOTE_IDS[0], ip: '10.1.1.1', link: 'none' }] });
    try {
      const { id: twinId } = (await request(core, 'addGateway', { name: 'Twin', host: '127.0.0.1', port: twin.grpcPort, caCertPem: twin.caCert!.toString('utf8'), caFileName: 'ca.crt' })) as { id: string };
      await until(core, () => core.connection(twinId)?.view().state === 'connected', 'the twin gateway');
      await expect(request(core, 'addDeviceByAddress', { gatewayId: twinId, ip: '10.1.1.1', port: 51211, useSsl: false })).rejects.toThrow(/already connected through/);
      expect(twin.device(REMOTE_IDS[0])?.link).toBe('none');
      expect(core.registry.forGateway(twinId)).toEqual([]);
    } finally {
      await twin.stop();
    }
  });

  it('follows a device two gateways list through the first only, says so once, and lets the second take it when the first goes', async () => {
    const dataDir = await mkdtemp(path.join(base, 'data-'));
    const database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
    onTestFinished(() => database.close());
    const { core } = await start(dataDir, database.store);
    // The same reader connected to two gateways (or one gateway added under two names).
    const twin = await VirtualGateway.start({ port: 0, tls: { certDir: path.join(base, 'twin-listed-certs') }, devices: [{ deviceID: REMOTE_IDS[0], ip: '10.20.30.1' }] });
    try {
      const { id } = (await request(core, 'addGateway', { name: 'Head office', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' })) as { id: string };
      await until(core, () => connectedOf(core, id).length === 2, 'the first gateway’s devices');
      const { id: twinId } = (await request(core, 'addGateway', { name: 'Twin', host: '127.0.0.1', port: twin.grpcPort, caCertPem: twin.caCert!.toString('utf8'), caFileName: 'ca.crt' })) as { id: string };
      await until(core, () => core.connection(twinId)?.view().state === 'connected', 'the twin gateway');
      // Several list refreshes (500 ms apart here) later, still one device of that ID.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(core.registry.list().filter((device) => device.deviceID === REMOTE_IDS[0]).map((device) => device.gatewayId)).toEqual([id]);
      await core.events!.flush();
      const warned = (await database.database.events.toArray()).filter((event) => event.kind === 'device.heldElsewhere');
      expect(warned.map((event) => event.message)).toEqual([`Device ${REMOTE_IDS[0]} is listed by Twin too; the console follows it through Head office only. Remove it from one of the two gateways.`]);

      await request(core, 'removeGateway', { id });
      await until(core, () => connectedOf(core, twinId).some((device) => device.deviceID === REMOTE_IDS[0]), 'the twin taking the device over');
    } finally {
      await twin.stop();
    }
  });

  it('switches the virtual site off and on, and keeps that and the gateways across a restart', async () => {
    const dataDir = await mkdtemp(path.join(base, 'data-'));
    const first = await start(dataDir);
    await until(first.core, () => connectedOf(first.core, 'virtual').length === 2, 'the virtual site');
    await request(first.core, 'addGateway', { name: 'Head office', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' });

    await request(first.core, 'setVirtualSiteEnabled', { enabled: false });
    expect(first.core.registry.forGateway('virtual')).toEqual([]);
    expect(first.virtualSite).toBeNull();
    expect((await request(first.core, 'getAppInfo')) as { virtualSite: unknown }).toMatchObject({ virtualSite: null });
    await expect(request(first.core, 'describeSiteTraffic')).rejects.toThrow(/virtual site is not running/);

    await request(first.core, 'setVirtualSiteEnabled', { enabled: true });
    await until(first.core, () => connectedOf(first.core, 'virtual').length === 2, 'the virtual site back');
    expect(first.virtualSite).not.toBeNull();
    await request(first.core, 'setVirtualSiteEnabled', { enabled: false });
    runtimes.splice(runtimes.indexOf(first), 1);
    await first.stop();

    const second = await start(dataDir);
    expect(second.virtualSite).toBeNull();
    const settings = (await request(second.core, 'getGatewaySettings')) as { virtualSite: { enabled: boolean }; gateways: { id: string; name: string }[] };
    expect(settings.virtualSite.enabled).toBe(false);
    expect(settings.gateways.map((gateway) => gateway.name)).toEqual(['Head office']);
    const id = settings.gateways[0]!.id;
    await until(second.core, () => connectedOf(second.core, id).length === 2, 'the stored gateway at start');
  });

  it('refuses a certificate that is not one, and an address configured twice', async () => {
    const { core } = await start(await mkdtemp(path.join(base, 'data-')));
    await expect(request(core, 'addGateway', { name: '', host: '127.0.0.1', port: 4000, caCertPem: 'hello', caFileName: 'x.crt' })).rejects.toThrow(/not a PEM certificate/);
    const garbled = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    await expect(request(core, 'addGateway', { name: '', host: '127.0.0.1', port: 4000, caCertPem: garbled, caFileName: 'x.crt' })).rejects.toThrow(/cannot be read/);
    await expect(request(core, 'addGateway', { name: '', host: 'https://gw', port: 4000, caCertPem: remotePem, caFileName: 'x.crt' })).rejects.toThrow(/invalid arguments/);
    await request(core, 'addGateway', { name: '', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' });
    await expect(request(core, 'addGateway', { name: 'again', host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem, caFileName: 'ca.crt' })).rejects.toThrow(/already configured/);
  });
});

describe('testGateway', () => {
  it('answers reachable with the device count, unreachable on a closed port, untrusted with another CA', async () => {
    const { core } = await start(await mkdtemp(path.join(base, 'data-')));
    expect(await request(core, 'testGateway', { host: '127.0.0.1', port: remote.grpcPort, caCertPem: remotePem })).toMatchObject({ outcome: 'ok', deviceCount: 2, connectedCount: 2 });

    expect(await request(core, 'testGateway', { host: '127.0.0.1', port: await closedPort(), caCertPem: remotePem })).toMatchObject({ outcome: 'unreachable' });

    const stranger = await ensureGatewayCerts(path.join(base, 'stranger'));
    const untrusted = (await request(core, 'testGateway', { host: '127.0.0.1', port: remote.grpcPort, caCertPem: stranger.caCert.toString('utf8') })) as { outcome: string; message: string };
    expect(untrusted.outcome).toBe('untrusted');
    expect(untrusted.message).toMatch(/not trusted/);
  });
});

describe('the gateway settings file', () => {
  it('moves a file it cannot read aside and starts from the defaults', async () => {
    const dataDir = await mkdtemp(path.join(base, 'data-'));
    await writeFile(path.join(dataDir, GATEWAY_SETTINGS_FILE), '{"version":1,"virtualSite":{"enabled":"maybe"}}');
    const loaded = await loadGatewaySettings(dataDir, true);
    expect(loaded.settings).toEqual({ version: 1, virtualSite: { enabled: true }, gateways: [] });
    expect(loaded.problem).toMatch(/could not be read .*virtualSite\.enabled/);
    expect((await readdir(dataDir)).some((name) => name.startsWith(`${GATEWAY_SETTINGS_FILE}.unreadable-`))).toBe(true);
  });
});
