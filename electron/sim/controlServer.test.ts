import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayClient } from '../gsdk/client';
import { EventCode } from '../gsdk/messages';
import { startControlServer } from './controlServer';
import { GatewayError } from '../gsdk/gatewayError';
import type { EventLog, StatusChange } from '../gsdk/messages';
import { StreamCollector, testDoor, testGroup, testLevel, testSchedule, testUser, testZone, waitUntil } from './testSupport';
import type { ControlServer } from './controlServer';
import { VirtualGateway } from './virtualGateway';

const MAIN = 541531029;
const GATE = 541531031;
const CARD = Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('base64');
const TEMPLATE = Buffer.alloc(384, 0x5a).toString('base64');

let gateway: VirtualGateway;
let control: ControlServer;
let client: GatewayClient;

beforeEach(async () => {
  gateway = await VirtualGateway.start({
    tls: null,
    devices: [
      { deviceID: MAIN, name: 'Main entrance', model: 'BioStation 2', ip: '192.168.10.11', capacity: 4 },
      { deviceID: GATE, name: 'Car park gate', model: 'XPass 2', ip: '192.168.10.13' },
    ],
  });
  control = await startControlServer(gateway, { port: 0 });
  client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
});

afterEach(async () => {
  client.close();
  await control.close();
  await gateway.stop();
});

interface Reply {
  status: number;
  body: unknown;
}

async function call(method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`http://127.0.0.1:${control.port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

function errorOf(reply: Reply): string {
  const body = reply.body as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : '';
}

const ada = { ID: '1001', name: 'Ada', cards: [{ data: CARD }], fingers: [{ templates: [TEMPLATE, TEMPLATE] }] };

describe('control API: devices', () => {
  it('lists devices with their summary', async () => {
    const reply = await call('GET', '/devices');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      expect.objectContaining({
        deviceID: MAIN,
        name: 'Main entrance',
        model: 'BioStation 2',
        ip: '192.168.10.11',
        port: 51211,
        firmware: expect.stringMatching(/^\d+\.\d+\.\d+$/) as unknown,
        online: true,
        userCount: 0,
        capacity: 4,
      }),
      expect.objectContaining({ deviceID: GATE, model: 'XPass 2' }),
    ]);
  });

  it('creates a device that the gateway then serves, and removes it', async () => {
    const created = await call('POST', '/devices', { name: 'Lab', model: 'FaceStation F2', capacity: 10, latencyMs: 5 });
    expect(created.status).toBe(201);
    const { deviceID } = created.body as { deviceID: number };
    expect((await client.device.getInfo(deviceID)).modelName).toBe('FaceStation F2');
    expect(await call('GET', `/devices/${deviceID}`)).toEqual({
      status: 200,
      body: expect.objectContaining({ deviceID, name: 'Lab', model: 'FaceStation F2', capacity: 10 }) as unknown,
    });
    expect(gateway.device(deviceID)).toMatchObject({ name: 'Lab', capacity: 10, latencyMs: 5 });

    expect((await call('DELETE', `/devices/${deviceID}`)).status).toBe(204);
    expect(gateway.device(deviceID)).toBeUndefined();
    expect((await call('DELETE', `/devices/${deviceID}`)).status).toBe(404);
  });

  it('cuts and restores the network', async () => {
    const cut = await call('POST', `/devices/${MAIN}/network`, { online: false });
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({ online: false, connected: false });
    await expect(client.user.getList(MAIN)).rejects.toThrow(/not connected/);
    expect((await call('POST', `/devices/${MAIN}/network`, { online: true })).status).toBe(200);
    expect(await client.user.getList(MAIN)).toEqual([]);
  });

  it('switches write faults and latency', async () => {
    const reply = await call('POST', `/devices/${MAIN}/faults`, { failWrites: true, latencyMs: 20 });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ failWrites: true, latencyMs: 20 });
    await expect(client.user.enroll(MAIN, [], false)).rejects.toThrow(/simulated fault/);
    await call('POST', `/devices/${MAIN}/faults`, { failWrites: false });
    await expect(client.user.enroll(MAIN, [], false)).resolves.toBeUndefined();
  });

  it('switches log-read faults: GetLog fails while the rest of the device answers', async () => {
    const reply = await call('POST', `/devices/${MAIN}/faults`, { failLogReads: true });
    expect(reply.body).toMatchObject({ failLogReads: true, failWrites: false });
    await expect(client.event.getLog(MAIN, 0, 10)).rejects.toThrow(/log read failed/);
    await expect(client.user.getList(MAIN)).resolves.toEqual([]);
    await call('POST', `/devices/${MAIN}/faults`, { failLogReads: false });
    await expect(client.event.getLog(MAIN, 0, 10)).resolves.toBeInstanceOf(Array);
  });

  it('stores one decoded user object for every device one EnrollMulti names', async () => {
    // The memory bench holds 100,000 users on 50 devices: it fits only because they share them.
    await client.user.enrollMulti([MAIN, GATE], [testUser('1', { cards: 2 }), testUser('2')], true);
    const onMain = gateway.device(MAIN)?.users() ?? [];
    const onGate = gateway.device(GATE)?.users() ?? [];
    expect(onMain).toHaveLength(2);
    expect(onMain.every((user, index) => user === onGate[index])).toBe(true);
    expect(onMain[0]?.hdr).toMatchObject({ numOfCard: 2 });
  });

  it('makes the next user write store only its first users, then fail, once', async () => {
    const reply = await call('POST', `/devices/${MAIN}/faults`, { failAfterUsers: 2 });
    expect(reply.body).toMatchObject({ failAfterUsers: 2 });
    const batch = ['1', '2', '3'].map((id) => testUser(id));
    await expect(client.user.enrollMulti([MAIN], batch, true)).rejects.toThrow(/after 2 of 3 users/);
    expect(gateway.device(MAIN)?.users().map((user) => user.hdr.ID)).toEqual(['1', '2']);
    expect((await call('GET', `/devices/${MAIN}`)).body).toMatchObject({ failAfterUsers: null });
    // Once only: the same batch again is stored whole.
    await client.user.enrollMulti([MAIN], batch, true);
    expect(gateway.device(MAIN)?.userCount).toBe(3);
    // A log that keeps only its newest events.
    expect((await call('POST', `/devices/${MAIN}/faults`, { logCapacity: 2 })).body).toMatchObject({ logCapacity: 2 });
    expect((await client.event.getLog(MAIN, 1, 0)).map((event) => event.ID)).toEqual([gateway.device(MAIN)!.lastEventID - 1, gateway.device(MAIN)!.lastEventID]);
    // A pending one can be called off.
    await call('POST', `/devices/${MAIN}/faults`, { failAfterUsers: 0 });
    expect((await call('POST', `/devices/${MAIN}/faults`, { failAfterUsers: null })).body).toMatchObject({ failAfterUsers: null });
  });

  it('reboots a device: the link drops and returns, users stay, and with clearLog its event IDs start again from 1', async () => {
    gateway.enrollAtDevice(MAIN, testUser('5'));
    const before = gateway.device(MAIN)?.lastEventID ?? 0;
    const kept = await call('POST', `/devices/${MAIN}/reboot`, {});
    expect(kept.body).toMatchObject({ online: true, connected: true, userCount: 1, lastEventID: before + 3 });
    const codes = (await client.event.getLog(MAIN, before + 1, 0)).map((event) => event.eventCode);
    expect(codes).toEqual([EventCode.DEVICE_LINK_DISCONNECTED, EventCode.DEVICE_SYSTEM_STARTED, EventCode.DEVICE_LINK_CONNECTED]);

    const cleared = await call('POST', `/devices/${MAIN}/reboot`, { clearLog: true });
    expect(cleared.body).toMatchObject({ online: true, userCount: 1, lastEventID: 2 });
    expect((await client.event.getLog(MAIN, 0, 0)).map((event) => [event.ID, event.eventCode])).toEqual([
      [1, EventCode.DEVICE_SYSTEM_STARTED],
      [2, EventCode.DEVICE_LINK_CONNECTED],
    ]);
    expect((await call('POST', `/devices/${MAIN}/reboot`, { clearLog: 'yes' })).status).toBe(400);
  });

  it('drops a device\'s next live events: logged, counted as discarded, never on the stream', async () => {
    await client.event.enableMonitoring(GATE);
    const realtime = new StreamCollector<EventLog>(client.event.subscribeRealtimeLog({}));
    await waitUntil(() => gateway.subscriberCounts().realtime === 1);
    const reply = await call('POST', `/devices/${GATE}/faults`, { dropLiveEvents: 2 });
    expect(reply.body).toMatchObject({ dropLiveEvents: 2 });
    for (const id of ['7', '8', '9']) gateway.enrollAtDevice(GATE, testUser(id));

    // Only the third reaches the stream; all three are in the log.
    expect(await realtime.next((event) => event.deviceID === GATE)).toMatchObject({ userID: '9' });
    expect((await client.event.getLog(GATE, 0, 0)).map((event) => event.userID).slice(-3)).toEqual(['7', '8', '9']);
    expect(realtime.items.filter((event) => event.deviceID === GATE).map((event) => event.userID)).toEqual(['9']);
    const { realtimeDiscarded } = (await call('GET', '/stats')).body as { realtimeDiscarded: { events: number; changedOnDevice: number } };
    expect(realtimeDiscarded).toMatchObject({ events: 2, changedOnDevice: 2 });
    expect((await call('GET', '/devices')).body).toEqual(expect.arrayContaining([expect.objectContaining({ deviceID: GATE, dropLiveEvents: 0 })]));
    realtime.stream.cancel();
  });

  it('drops the realtime streams mid-flow, failed or ended, while the gateway and its other streams stay up', async () => {
    await client.event.enableMonitoring(MAIN);
    const statuses = new StreamCollector<StatusChange>(client.connect.subscribeStatus());
    for (const how of ['fail', 'end'] as const) {
      const realtime = new StreamCollector<EventLog>(client.event.subscribeRealtimeLog({}));
      await waitUntil(() => gateway.subscriberCounts().realtime === 1);
      gateway.device(MAIN)?.logEvent({ eventCode: EventCode.DOOR_OPENED, entityID: 1 });
      await realtime.next((event) => event.eventCode === EventCode.DOOR_OPENED);

      expect(await call('POST', '/gateway/cut-realtime', { how })).toEqual({ status: 200, body: { cut: 1 } });
      const ended = await realtime.ended();
      expect(ended).toBeInstanceOf(GatewayError);
      expect((ended as GatewayError).details).toBe(how === 'fail' ? 'the gateway reset its realtime log subscribers' : 'stream ended by the gateway');
      // Logged after the cut: in the device's log, on no stream; monitoring is still on.
      const after = gateway.device(MAIN)?.logEvent({ eventCode: EventCode.DOOR_HELD_OPEN, entityID: 1 });
      expect(realtime.items.map((event) => event.ID)).not.toContain(after?.ID);
      expect((await client.event.getLog(MAIN, after?.ID ?? 0, 1)).map((event) => event.eventCode)).toEqual([EventCode.DOOR_HELD_OPEN]);
      expect(gateway.device(MAIN)?.monitoring).toBe(true);
    }
    expect(gateway.subscriberCounts()).toEqual({ status: 1, realtime: 0 });
    expect(await call('POST', '/gateway/cut-realtime', { how: 'sideways' })).toMatchObject({ status: 400 });
    statuses.stream.cancel();
  });

  it('logs any event the device could log, a code no catalog knows included', async () => {
    await client.event.enableMonitoring(GATE);
    const realtime = new StreamCollector<EventLog>(client.event.subscribeRealtimeLog({}));
    await waitUntil(() => gateway.subscriberCounts().realtime === 1);
    const reply = await call('POST', `/devices/${GATE}/events`, { eventCode: 0x7a01, subCode: 3, userID: '42' });
    expect(reply).toMatchObject({ status: 200, body: { deviceID: GATE, eventCode: 0x7a01, subCode: 3, userID: '42' } });
    expect(await realtime.next((event) => event.deviceID === GATE)).toMatchObject({ eventCode: 0x7a01, subCode: 3, userID: '42' });
    expect((await client.event.getLog(GATE, 0, 0)).at(-1)).toMatchObject({ eventCode: 0x7a01 });
    expect(await call('POST', `/devices/${GATE}/events`, { eventCode: 0x10000 })).toMatchObject({ status: 400 });
    realtime.stream.cancel();
  });

  it('fills the storage until the device refuses more users', async () => {
    const reply = await call('POST', `/devices/${MAIN}/fill`, {});
    expect(reply.body).toEqual({ added: 4, userCount: 4, capacity: 4 });
    const full = await call('POST', `/devices/${MAIN}/users`, ada);
    expect(full.status).toBe(507);
    expect(errorOf(full)).toMatch(/full/);
  });

  it('renews the certificates of a TLS gateway: a client pinning the old CA is refused, one with the new CA answers', async () => {
    expect(await call('POST', '/gateway/renew-certificate')).toMatchObject({ status: 409 });
    const certDir = await mkdtemp(path.join(tmpdir(), 'renew-ca-'));
    const secure = await VirtualGateway.start({ tls: { certDir }, devices: [{ deviceID: MAIN }] });
    const secureControl = await startControlServer(secure, { port: 0 });
    const oldCa = secure.caCert;
    const pinnedOld = new GatewayClient({ host: '127.0.0.1', port: secure.grpcPort, caCert: oldCa });
    try {
      await expect(pinnedOld.user.getList(MAIN)).resolves.toEqual([]);
      const response = await fetch(`http://127.0.0.1:${secureControl.port}/gateway/renew-certificate`, { method: 'POST' });
      const renewed = (await response.json()) as { renewed: boolean; grpcPort: number; caCert: string };
      expect(renewed).toMatchObject({ renewed: true, grpcPort: secure.grpcPort });
      expect(renewed.caCert).not.toBe(oldCa?.toString('utf8'));
      expect(renewed.caCert).toBe(await readFile(path.join(certDir, 'ca.crt'), 'utf8'));
      pinnedOld.close();
      const stale = new GatewayClient({ host: '127.0.0.1', port: secure.grpcPort, caCert: oldCa });
      await expect(stale.waitForReady(2_000)).rejects.toMatchObject({ kind: 'untrusted' });
      stale.close();
      const fresh = new GatewayClient({ host: '127.0.0.1', port: secure.grpcPort, caCert: Buffer.from(renewed.caCert) });
      await expect(fresh.user.getList(MAIN)).resolves.toEqual([]);
      fresh.close();
    } finally {
      pinnedOld.close();
      await secureControl.close();
      await secure.stop();
      await rm(certDir, { recursive: true, force: true });
    }
  });

  it('restarts the gateway on the same port', async () => {
    const port = gateway.grpcPort;
    const reply = await call('POST', '/gateway/restart');
    expect(reply).toEqual({ status: 200, body: { restarted: true, grpcPort: port } });
    expect((await client.connect.getDeviceList()).length).toBe(2);
  });
});

describe('control API: call counts', () => {
  interface Stats {
    calls: Record<string, { count: number; lastAnsweredAt: number | null }>;
  }
  const stats = async (): Promise<Stats> => (await call('GET', '/stats')).body as Stats;

  it('counts every gRPC call by method, failed ones too, and notes when the last was answered', async () => {
    // Every method is listed from the start, so a reader needs no special case for "none yet".
    expect((await stats()).calls['/gsdk.user.User/EnrollMulti']).toEqual({ count: 0, devicesNamed: 0, lastAnsweredAt: null });
    const before = Date.now();
    await client.user.enrollMulti([MAIN, GATE], [], true);
    await client.user.enrollMulti([MAIN], [], true);
    await client.user.getList(MAIN);
    await expect(client.user.getList(12345)).rejects.toThrow();
    const { calls } = await stats();
    expect(calls['/gsdk.user.User/EnrollMulti']).toMatchObject({ count: 2, devicesNamed: 3 });
    expect(calls['/gsdk.user.User/GetList']).toMatchObject({ count: 2, devicesNamed: 2 });
    expect(calls['/gsdk.user.User/EnrollMulti']?.lastAnsweredAt).toBeGreaterThanOrEqual(before);
    expect(calls['/gsdk.user.User/DeleteMulti']?.count).toBe(0);
  });

  it('counts a streaming call when it opens, and keeps the counts across a gateway restart', async () => {
    const stream = client.connect.subscribeStatus();
    const first = stream[Symbol.asyncIterator]().next();
    await first;
    expect((await stats()).calls['/gsdk.connect.Connect/SubscribeStatus']).toEqual({ count: 1, devicesNamed: 0, lastAnsweredAt: null });
    stream.cancel();
    await call('POST', '/gateway/restart');
    expect((await stats()).calls['/gsdk.connect.Connect/SubscribeStatus']?.count).toBe(1);
  });

  it('is read-only', async () => {
    expect((await call('POST', '/stats', {})).status).toBe(405);
  });

  it('counts the realtime events discarded for a subscriber whose queue is full, and those made at a device', async () => {
    expect(((await call('GET', '/stats')).body as { realtimeDiscarded: unknown }).realtimeDiscarded).toEqual({ events: 0, changedOnDevice: 0 });
    await client.event.enableMonitoring(GATE);
    const stream = client.event.subscribeRealtimeLog({ queueSize: 1 });
    await vi.waitFor(() => expect(gateway.subscriberCounts().realtime).toBe(1));
    // Logged in one go: the stream cannot drain between them, so all but the first wait in its queue of one.
    await client.user.enroll(GATE, [testUser('1'), testUser('2'), testUser('3')], false);
    for (const id of ['4', '5', '6']) gateway.enrollAtDevice(GATE, testUser(id));
    const { realtimeDiscarded } = (await call('GET', '/stats')).body as { realtimeDiscarded: { events: number; changedOnDevice: number } };
    stream.cancel();
    expect(realtimeDiscarded.events).toBeGreaterThanOrEqual(4);
    expect(realtimeDiscarded.changedOnDevice).toBeGreaterThanOrEqual(1);
    expect(realtimeDiscarded.changedOnDevice).toBeLessThanOrEqual(3);
  });
});

describe('control API: users at the device', () => {
  it('enrolls at the device, logging USER_ENROLL_SUCCESS with changedOnDevice', async () => {
    const reply = await call('POST', `/devices/${MAIN}/users`, ada);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ ID: '1001', numOfCard: 1, numOfFinger: 1 });
    const [stored] = await client.user.get(MAIN, ['1001']);
    expect(stored?.cards[0]?.data.toString('base64')).toBe(CARD);
    expect(stored?.fingers[0]?.templates.map((template) => template.toString('base64'))).toEqual([TEMPLATE, TEMPLATE]);
    const log = await client.event.getLog(MAIN, 0, 0);
    expect(log).toEqual([
      expect.objectContaining({ eventCode: EventCode.USER_ENROLL_SUCCESS, userID: '1001', changedOnDevice: true }),
    ]);
  });

  it('returns the full table with bytes as base64, in a shape that can be posted back', async () => {
    await call('POST', `/devices/${MAIN}/users`, ada);
    const table = await call('GET', `/devices/${MAIN}/users`);
    expect(table.status).toBe(200);
    const [user] = table.body as Record<string, unknown>[];
    expect(user).toMatchObject({ ID: '1001', name: 'Ada', cards: [{ type: 1, size: 4, data: CARD }] });
    expect(await call('GET', `/devices/${MAIN}/users/1001`)).toEqual({ status: 200, body: user });
    await call('DELETE', `/devices/${MAIN}/users/1001`);
    expect((await call('POST', `/devices/${MAIN}/users`, user)).status).toBe(201);
  });

  it('edits at the device (partial body) and deletes at the device', async () => {
    await call('POST', `/devices/${MAIN}/users`, ada);
    const edited = await call('PUT', `/devices/${MAIN}/users/1001`, { name: 'Ada L.', cards: [] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ ID: '1001', name: 'Ada L.', numOfCard: 0, numOfFinger: 1 });
    expect((await call('DELETE', `/devices/${MAIN}/users/1001`)).status).toBe(204);
    expect(gateway.device(MAIN)?.userCount).toBe(0);
    const codes = (await client.event.getLog(MAIN, 2, 0)).map((event) => [event.eventCode, event.changedOnDevice]);
    expect(codes).toEqual([
      [EventCode.USER_UPDATE_SUCCESS, true],
      [EventCode.USER_DELETE_SUCCESS, true],
    ]);
  });

  it('enrolls at an offline device', async () => {
    await call('POST', `/devices/${GATE}/network`, { online: false });
    expect((await call('POST', `/devices/${GATE}/users`, { ID: '5', cards: [{ data: CARD }] })).status).toBe(201);
    expect(gateway.device(GATE)?.user('5')?.name).toBe('');
  });

  it('logs authentication when a card is presented', async () => {
    await call('POST', `/devices/${MAIN}/users`, { ...ada, accessGroupIDs: [1] });
    const known = await call('POST', `/devices/${MAIN}/present`, { credential: 'card', cardData: CARD });
    expect(known.body).toMatchObject({ eventCode: EventCode.VERIFY_SUCCESS, userID: '1001' });
    const unknown = await call('POST', `/devices/${MAIN}/present`, { credential: 'card', cardData: 'AAAAAA==' });
    expect(unknown.body).toMatchObject({ eventCode: EventCode.AUTH_FAILED, userID: '' });
  });
});

describe('control API: raw records, as a firmware may hold them', () => {
  it('stores a record the checks would refuse, as an enrollment at the device', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ data: Buffer.from([1, 2, 3, i]).toString('base64') }));
    expect(errorOf(await call('POST', `/devices/${MAIN}/users`, { ID: '0', cards: nine }))).toMatch(/user ID may not be "0"/);

    const reply = await call('POST', `/devices/${MAIN}/users`, { ID: '0', cards: nine, raw: true });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ ID: '0', numOfCard: 9 });
    const [held] = await client.user.get(MAIN, ['0']);
    expect(held?.cards).toHaveLength(9);
    const [logged] = await client.event.getLog(MAIN, 0, 0);
    expect(logged).toMatchObject({ eventCode: EventCode.USER_ENROLL_SUCCESS, userID: '0', changedOnDevice: true });
  });

  it('puts name bytes that are not UTF-8 on the wire (the client reads U+FFFD), and a record that does not decode', async () => {
    const nameBytes = Buffer.from([0x41, 0xff, 0x42]).toString('base64');
    expect((await call('POST', `/devices/${MAIN}/users`, { ID: '7', raw: true, nameBytes })).status).toBe(201);
    expect((await client.user.get(MAIN, ['7']))[0]?.name).toBe('A\uFFFDB');
    expect((await client.user.getPartial(MAIN, ['7'], 0x04))[0]?.name).toBe('A\uFFFDB');

    expect((await call('POST', `/devices/${MAIN}/users`, { ID: '8', raw: true, undecodable: true })).status).toBe(201);
    const garbled = await client.user.get(MAIN, ['7', '8']).then(
      () => null,
      (error: unknown) => error,
    );
    expect(garbled).toBeInstanceOf(GatewayError);
    expect((garbled as GatewayError).message).toMatch(/answered User\.Get with a message that does not decode/);
    // A write through the gateway stores a new record: the faults go with the old one.
    await client.user.enroll(MAIN, [testUser('8')], true);
    expect((await client.user.get(MAIN, ['8']))[0]?.name).toBe('User 8');
  });

  it('takes nameBytes and undecodable only with "raw"', async () => {
    const reply = await call('POST', `/devices/${MAIN}/users`, { ID: '7', nameBytes: 'QQ==' });
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toBe('nameBytes, undecodable: only with "raw": true');
  });
});

describe('control API: many enrollments at a device', () => {
  const person = (ID: string, card: number) => ({ ID, cards: [{ data: Buffer.from([0, 0, 0, card]).toString('base64') }], fingers: [{ templates: [TEMPLATE, TEMPLATE] }] });

  it('enrolls each user as its own enrollment at the device, spread over the time asked for', async () => {
    const started = Date.now();
    const reply = await call('POST', `/devices/${MAIN}/enroll`, { users: [person('1', 1), person('2', 2), person('3', 3)], spreadMs: 150 });
    expect(reply.status).toBe(200);
    const { enrolled, firstAt, lastAt } = reply.body as { enrolled: number; firstAt: number; lastAt: number };
    expect(enrolled).toBe(3);
    expect(firstAt).toBeGreaterThanOrEqual(started);
    // The third is due 100 ms after the first (i × 150 / 3); timers may only be late.
    expect(lastAt - firstAt).toBeGreaterThanOrEqual(95);
    const log = await client.event.getLog(MAIN, 0, 0);
    expect(log.map((event) => [event.eventCode, event.userID, event.changedOnDevice])).toEqual([
      [EventCode.USER_ENROLL_SUCCESS, '1', true],
      [EventCode.USER_ENROLL_SUCCESS, '2', true],
      [EventCode.USER_ENROLL_SUCCESS, '3', true],
    ]);
    expect((await client.user.get(MAIN, ['2']))[0]?.fingers).toHaveLength(1);
  });

  it('enrolls nobody when the device would refuse any of them', async () => {
    await call('POST', `/devices/${MAIN}/users`, person('2', 2));
    const existing = await call('POST', `/devices/${MAIN}/enroll`, { users: [person('1', 1), person('2', 2)] });
    expect(existing.status).toBe(409);
    const twice = await call('POST', `/devices/${MAIN}/enroll`, { users: [person('1', 1), person('1', 1)] });
    expect(twice.status).toBe(400);
    expect(errorOf(twice)).toMatch(/twice/);
    const tooMany = await call('POST', `/devices/${MAIN}/enroll`, { users: ['5', '6', '7', '8'].map((ID, i) => person(ID, 10 + i)) });
    expect(tooMany.status).toBe(507);
    const fingerOnCardReader = await call('POST', `/devices/${GATE}/enroll`, { users: [person('1', 1)] });
    expect(fingerOnCardReader.status).toBe(400);
    expect((await call('POST', `/devices/${MAIN}/enroll`, { users: [] })).status).toBe(400);
    expect(gateway.device(MAIN)?.userCount).toBe(1);
    expect(gateway.device(GATE)?.userCount).toBe(0);
  });

  it('stops where an enrollment fails midway and says how many went in', async () => {
    const pending = call('POST', `/devices/${MAIN}/enroll`, { users: [person('1', 1), person('2', 2), person('3', 3)], spreadMs: 300 });
    // User 3 is enrolled by someone else before its turn comes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await call('POST', `/devices/${MAIN}/users`, person('3', 3));
    const reply = await pending;
    expect(reply.status).toBe(409);
    expect(errorOf(reply)).toMatch(/after 2 of 3 were enrolled/);
    expect(gateway.device(MAIN)?.userCount).toBe(3);
  });
});

describe('control API: site traffic', () => {
  it('starts a steady stream that reaches the realtime log and the device logs, reports it, and stops it', async () => {
    gateway.device(MAIN)?.preload([testUser('1001', { fingers: 1 })]);
    gateway.device(GATE)?.preload([testUser('1002')]);
    await client.event.enableMonitoring(MAIN);
    const realtime = new StreamCollector<EventLog>(client.event.subscribeRealtimeLog({}));
    await waitUntil(() => gateway.subscriberCounts().realtime === 1);

    expect((await call('GET', '/traffic')).body).toMatchObject({ running: false, rate: 0, generated: 0 });
    const started = await call('POST', '/traffic', { rate: 500, mix: { card: 3, doorOpened: 1 } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ running: true, rate: 500, mix: { card: 3, doorOpened: 1, forcedOpen: 0 } });

    const granted = await realtime.next((event) => event.eventCode === EventCode.VERIFY_SUCCESS);
    expect(granted).toMatchObject({ deviceID: MAIN, userID: '1001' });
    await waitUntil(() => (gateway.device(GATE)?.lastEventID ?? 0) > 0);
    const stopped = await call('DELETE', '/traffic');
    expect(stopped.body).toMatchObject({ running: false, rate: 0 });
    const generated = (stopped.body as { generated: number }).generated;
    expect(generated).toBeGreaterThan(0);
    // The monitored device's events went to the stream; the other's only to its log (read by GetLog).
    expect(realtime.items.every((event) => event.deviceID === MAIN)).toBe(true);
    const gateLog = await client.event.getLog(GATE, 0, 0);
    expect(gateLog.length).toBeGreaterThan(0);
    const carded: number[] = [EventCode.VERIFY_SUCCESS, EventCode.ACCESS_DENIED, EventCode.DOOR_OPENED];
    expect(gateLog.every((event) => carded.includes(event.eventCode))).toBe(true);
    expect((gateway.device(MAIN)?.lastEventID ?? 0) + (gateway.device(GATE)?.lastEventID ?? 0)).toBe(generated);
    realtime.stream.cancel();
  });

  it('refuses a rate it cannot keep and a mix with nothing in it', async () => {
    expect((await call('POST', '/traffic', { rate: 0 })).status).toBe(400);
    expect((await call('POST', '/traffic', { rate: 100_000 })).status).toBe(400);
    const empty = await call('POST', '/traffic', { rate: 10, mix: { card: 0 } });
    expect(empty.status).toBe(400);
    expect(errorOf(empty)).toMatch(/no kind a weight/);
    expect((await call('POST', '/traffic', { rate: 10, mix: { teleport: 1 } })).status).toBe(400);
    expect((await call('PUT', '/traffic', { rate: 10 })).status).toBe(405);
    expect((await call('GET', '/traffic')).body).toMatchObject({ running: false });
  });
});

describe('control API: access rules', () => {
  it('shows every table the console wrote through gRPC, and survives a gateway restart', async () => {
    const empty = await call('GET', `/devices/${MAIN}/access`);
    expect(empty).toEqual({ status: 200, body: { groups: [], levels: [], schedules: [], doors: [], zones: [] } });

    await client.schedule.add(MAIN, [testSchedule(2)]);
    await client.door.add(MAIN, [testDoor(1, MAIN, GATE)]);
    await client.access.addLevels(MAIN, [testLevel(10, [{ doorID: 1, scheduleID: 2 }])]);
    await client.access.addGroups(MAIN, [testGroup(5, [10])]);
    await client.zone.add(MAIN, [testZone(1, [MAIN, GATE], [5])]);
    const expected = {
      groups: [testGroup(5, [10])],
      levels: [testLevel(10, [{ doorID: 1, scheduleID: 2 }])],
      schedules: [testSchedule(2)],
      doors: [testDoor(1, MAIN, GATE)],
      zones: [testZone(1, [MAIN, GATE], [5])],
    };
    expect(await call('GET', `/devices/${MAIN}/access`)).toEqual({ status: 200, body: expected });

    expect((await call('POST', '/gateway/restart')).status).toBe(200);
    expect((await call('GET', `/devices/${MAIN}/access`)).body).toEqual(expected);
  });

  it('is read-only and knows only existing devices', async () => {
    const post = await call('POST', `/devices/${MAIN}/access`, {});
    expect(post.status).toBe(405);
    expect((await call('GET', '/devices/424242/access')).status).toBe(404);
    expect((await call('GET', `/devices/${MAIN}/access/groups`)).status).toBe(404);
  });
});

describe('control API: refusals', () => {
  it('answers 400 for malformed JSON, bad base64, invalid IDs, too many cards and wrong types', async () => {
    const malformed = await call('POST', `/devices/${MAIN}/users`, '{"ID": ');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed)).toMatch(/malformed JSON/);

    const badBase64 = await call('POST', `/devices/${MAIN}/users`, { ID: '1', cards: [{ data: 'not base64!' }] });
    expect(badBase64.status).toBe(400);
    expect(errorOf(badBase64)).toBe('cards.0.data: is not valid base64');

    const zero = await call('POST', `/devices/${MAIN}/users`, { ID: '0' });
    expect(zero.status).toBe(400);
    expect(errorOf(zero)).toMatch(/may not be "0"/);

    const tooMany = await call('POST', `/devices/${MAIN}/users`, { ID: '2', cards: Array.from({ length: 9 }, () => ({ data: CARD })) });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany)).toMatch(/9 cards \(at most 8\)/);

    const wrongType = await call('POST', `/devices/${MAIN}/network`, { online: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(errorOf(wrongType)).toMatch(/^online: /);

    const unknownField = await call('POST', '/devices', { nmae: 'typo' });
    expect(unknownField.status).toBe(400);
    expect(errorOf(unknownField)).toMatch(/nmae/);

    const fingerOnCardReader = await call('POST', `/devices/${GATE}/users`, ada);
    expect(fingerOnCardReader.status).toBe(400);
    expect(gateway.device(MAIN)?.userCount).toBe(0);
  });

  it('answers 404 for unknown devices and users, 409 for an existing ID', async () => {
    expect((await call('GET', '/devices/4242/users')).status).toBe(404);
    expect((await call('POST', '/devices/4242/network', { online: true })).status).toBe(404);
    expect((await call('PUT', `/devices/${MAIN}/users/77`, { name: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/devices/${MAIN}/users/77`)).status).toBe(404);
    expect((await call('GET', '/nowhere')).status).toBe(404);
    await call('POST', `/devices/${MAIN}/users`, ada);
    const duplicate = await call('POST', `/devices/${MAIN}/users`, ada);
    expect(duplicate.status).toBe(409);
    expect(errorOf(duplicate)).toMatch(/already exists/);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: control.port, method: 'POST', path: `/devices/${MAIN}/users` },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ ID: '1', name: 'x'.repeat(2 * 1024 * 1024) }));
    });
    expect(status).toBe(413);
  });
});

describe('control API: only for programs on this machine', () => {
  /** A raw request with the headers a browser would add (fetch would not let a test set Host). */
  function rawCall(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: control.port, method, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: text === '' ? null : (JSON.parse(text) as unknown) });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  it('refuses a web page: a request with an Origin (any cross-site form or fetch carries one) changes nothing', async () => {
    const enrolled = await rawCall('POST', `/devices/${MAIN}/users`, { origin: 'https://mallory.example', 'content-type': 'text/plain' }, JSON.stringify(ada));
    expect(enrolled.status).toBe(403);
    expect(errorOf(enrolled)).toMatch(/web page/);
    expect(gateway.device(MAIN)?.user('1001')).toBeUndefined();
    expect((await rawCall('POST', `/devices/${MAIN}/network`, { origin: 'null' }, JSON.stringify({ online: false }))).status).toBe(403);
    expect(gateway.device(MAIN)?.online).toBe(true);
  });

  it('refuses a Host that is not this machine (a DNS name rebound to 127.0.0.1), so no page reads the devices’ users', async () => {
    const read = await rawCall('GET', `/devices/${MAIN}/users`, { host: `mallory.example:${control.port}` });
    expect(read.status).toBe(403);
    expect(errorOf(read)).toMatch(/Host/);
    for (const host of [`127.0.0.1:${control.port}`, `localhost:${control.port}`, `[::1]:${control.port}`]) {
      expect((await rawCall('GET', '/devices', { host })).status, host).toBe(200);
    }
  });
});
