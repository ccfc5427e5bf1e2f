import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamCollector, testUser, waitUntil } from '../sim/testSupport';
import { VirtualGateway } from '../sim/virtualGateway';
import { GatewayClient } from './client';
import { GatewayError } from './gatewayError';
import { DeviceStatus, DeviceType, EventCode, UserInfoMask } from './messages';
import type { EventLog, StatusChange } from './messages';
import { gatewayFailureOf } from './testSupport';

const MAIN = 541531029;
const DOCK = 541531030;
const GATE = 541531031;

let gateway: VirtualGateway;
let client: GatewayClient;

beforeEach(async () => {
  gateway = await VirtualGateway.start({
    tls: null,
    devices: [
      { deviceID: MAIN, name: 'Main entrance', model: 'BioStation 2', ip: '192.168.10.11', capacity: 3 },
      { deviceID: DOCK, name: 'Loading dock', model: 'BioEntry W2', ip: '192.168.10.12' },
      { deviceID: GATE, name: 'Car park gate', model: 'XPass 2', ip: '192.168.10.13' },
    ],
  });
  client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
  await client.waitForReady(5_000);
});

afterEach(async () => {
  client.close();
  await gateway.stop();
});

describe('Connect and Device', () => {
  it('lists the devices with address, port, model and a TCP connection', async () => {
    const list = await client.connect.getDeviceList();
    expect(list.map((device) => device.deviceID).sort()).toEqual([MAIN, DOCK, GATE].sort());
    const main = list.find((device) => device.deviceID === MAIN);
    expect(main).toMatchObject({
      IPAddr: '192.168.10.11',
      port: 51211,
      status: DeviceStatus.TCP_CONNECTED,
      type: DeviceType.BIOSTATION_2,
      useSSL: false,
    });
    expect(list.find((device) => device.deviceID === GATE)?.type).toBe(DeviceType.XPASS2);
  });

  it('answers GetInfo and GetCapability from the device', async () => {
    const info = await client.device.getInfo(DOCK);
    expect(info.modelName).toBe('BioEntry W2');
    expect(info.firmwareVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.MACAddr).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const capability = await client.device.getCapability(MAIN);
    expect(capability).toMatchObject({ maxUsers: 3, fingerprintInputSupported: true, faceInputSupported: false });
  });

  it('reports an unknown device as NOT_FOUND', async () => {
    const error = await gatewayFailureOf(client.device.getInfo(12345));
    expect(error.code).toBe(GrpcStatus.NOT_FOUND);
    expect(error.message).toMatch(/device 12345/);
  });

  it('drops a device on Disconnect and takes it back with Connect by IP', async () => {
    await client.connect.disconnect([DOCK]);
    expect((await client.connect.getDeviceList()).map((device) => device.deviceID)).not.toContain(DOCK);
    expect((await gatewayFailureOf(client.user.getList(DOCK))).code).toBe(GrpcStatus.UNAVAILABLE);
    const deviceID = await client.connect.connectDevice({ IPAddr: '192.168.10.12', port: 51211, useSSL: false });
    expect(deviceID).toBe(DOCK);
    expect(await client.user.getList(DOCK)).toEqual([]);
  });
});

describe('User', () => {
  it('enrolls, lists, reads and deletes users with every byte intact', async () => {
    const ada = testUser('1', { name: 'Ada', cards: 2, fingers: 2 });
    const bob = testUser('2', { name: 'Bob', cards: 1, fingers: 1 });
    await client.user.enroll(MAIN, [ada, bob], false);

    const headers = await client.user.getList(MAIN);
    expect(headers.map((hdr) => [hdr.ID, hdr.numOfCard, hdr.numOfFinger, hdr.numOfFace])).toEqual([
      ['1', 2, 2, 0],
      ['2', 1, 1, 0],
    ]);

    const [stored] = await client.user.get(MAIN, ['1', 'not-there']);
    expect(stored?.name).toBe('Ada');
    expect(stored?.cards.map((card) => card.data)).toEqual(ada.cards.map((card) => card.data));
    expect(stored?.fingers.map((finger) => finger.templates)).toEqual(ada.fingers.map((finger) => finger.templates));
    expect(stored?.PIN.equals(ada.PIN)).toBe(true);
    expect(stored?.setting).toEqual(ada.setting);

    const [partial] = await client.user.getPartial(MAIN, ['2'], UserInfoMask.NAME | UserInfoMask.CARD);
    expect(partial?.hdr.ID).toBe('2');
    expect(partial?.name).toBe('Bob');
    expect(partial?.cards).toHaveLength(1);
    expect(partial?.fingers).toEqual([]);
    expect(partial?.PIN.length).toBe(0);

    await client.user.delete(MAIN, ['1']);
    expect((await client.user.getList(MAIN)).map((hdr) => hdr.ID)).toEqual(['2']);
    await client.user.deleteAll(MAIN);
    expect(await client.user.getList(MAIN)).toEqual([]);
  });

  it('counts users and credentials in GetStatistic', async () => {
    await client.user.enroll(DOCK, [testUser('1', { cards: 2, fingers: 2 }), testUser('2', { cards: 1, fingers: 3 })], false);
    expect(await client.user.getStatistic(DOCK)).toEqual({ numOfUsers: 2, numOfCards: 3, numOfFingerprints: 5, numOfFaces: 0 });
  });

  it('refuses users beyond the capacity and stores none of the batch', async () => {
    await client.user.enroll(MAIN, [testUser('1'), testUser('2')], false);
    const error = await gatewayFailureOf(client.user.enroll(MAIN, [testUser('3'), testUser('4')], false));
    expect(error.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(error.message).toMatch(/full/);
    expect((await client.user.getList(MAIN)).map((hdr) => hdr.ID)).toEqual(['1', '2']);
  });

  it('refuses an existing ID without overwrite and replaces it with overwrite', async () => {
    await client.user.enroll(MAIN, [testUser('7', { name: 'First' })], false);
    const error = await gatewayFailureOf(client.user.enroll(MAIN, [testUser('7', { name: 'Second' })], false));
    expect(error.code).toBe(GrpcStatus.ALREADY_EXISTS);
    expect(error.message).toMatch(/user 7 already exists/);
    await client.user.enroll(MAIN, [testUser('7', { name: 'Second' })], true);
    expect((await client.user.get(MAIN, ['7']))[0]?.name).toBe('Second');
    const codes = (await client.event.getLog(MAIN, 0, 0)).map((event) => event.eventCode);
    expect(codes).toEqual([EventCode.USER_ENROLL_SUCCESS, EventCode.USER_UPDATE_SUCCESS]);
  });

  it('refuses invalid users with the reason', async () => {
    const zero = await gatewayFailureOf(client.user.enroll(DOCK, [testUser('0')], false));
    expect(zero.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(zero.message).toMatch(/may not be "0"/);
    const cards = await gatewayFailureOf(client.user.enroll(DOCK, [testUser('5', { cards: 9 })], false));
    expect(cards.message).toMatch(/9 cards \(at most 8\)/);
    const name = await gatewayFailureOf(client.user.enroll(DOCK, [testUser('6', { name: 'x'.repeat(49) })], false));
    expect(name.message).toMatch(/name is longer than 48/);
    const fingers = await gatewayFailureOf(client.user.enroll(GATE, [testUser('8', { fingers: 1 })], false));
    expect(fingers.message).toMatch(/XPass 2 cannot store fingerprints/);
    expect(await client.user.getList(DOCK)).toEqual([]);
  });

  it('applies EnrollMulti to the online devices and names the offline one in deviceErrors', async () => {
    gateway.setNetwork(DOCK, false);
    const users = [testUser('11'), testUser('12')];
    const error = await gatewayFailureOf(client.user.enrollMulti([MAIN, DOCK], users, true));
    expect(error.deviceErrors).toEqual([{ deviceID: DOCK, code: GrpcStatus.UNAVAILABLE, msg: `device ${DOCK} is not connected` }]);
    expect(error.message).toMatch(new RegExp(`${DOCK} is not connected`));
    expect((await client.user.getList(MAIN)).map((hdr) => hdr.ID)).toEqual(['11', '12']);
    expect(gateway.device(DOCK)?.userCount).toBe(0);
  });

  it('fails writes while the fault switch is on and times out on a slow device', async () => {
    const device = gateway.device(DOCK);
    if (!device) throw new Error('no dock device');
    device.failWrites = true;
    const failed = await gatewayFailureOf(client.user.enroll(DOCK, [testUser('1')], false));
    expect(failed.message).toMatch(/simulated fault/);
    device.failWrites = false;
    device.latencyMs = 400;
    const impatient = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null }, { callTimeoutMs: 100, perUserTimeoutMs: 2 });
    try {
      const slow = await gatewayFailureOf(impatient.user.enroll(DOCK, [testUser('2')], false));
      expect(slow.code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
      expect(slow.message).toMatch(/did not answer User.Enroll within 102 ms/);
      // A big batch gets time in proportion: 100 ms + 500 × 2 ms outlasts the device finishing the
      // abandoned enroll and then this batch (400 ms each).
      const shift = Array.from({ length: 500 }, (_, index) => testUser(`${1000 + index}`));
      await impatient.user.enrollMulti([DOCK], shift, true);
      expect(device.user('1499')).toBeDefined();
    } finally {
      impatient.close();
    }
  });
});

describe('SubscribeStatus', () => {
  it('starts with every device and follows the network cable', async () => {
    const statuses = new StreamCollector<StatusChange>(client.connect.subscribeStatus());
    for (const deviceID of [MAIN, DOCK, GATE]) {
      await expect(statuses.next((change) => change.deviceID === deviceID)).resolves.toMatchObject({
        status: DeviceStatus.TCP_CONNECTED,
      });
    }
    gateway.setNetwork(DOCK, false);
    await expect(statuses.next()).resolves.toMatchObject({ deviceID: DOCK, status: DeviceStatus.DISCONNECTED });
    gateway.setNetwork(DOCK, true);
    const back = await statuses.next();
    expect(back).toMatchObject({ deviceID: DOCK, status: DeviceStatus.TCP_CONNECTED });
    expect(Math.abs(back.timestamp - Date.now() / 1000)).toBeLessThan(5);
    statuses.stream.cancel();
    await expect(statuses.ended()).resolves.toBeUndefined();
  });
});

describe('Event', () => {
  it('streams events only of monitored devices, and again only after monitoring is re-enabled', async () => {
    const events = new StreamCollector<EventLog>(client.event.subscribeRealtimeLog({}));
    await waitUntil(() => gateway.subscriberCounts().realtime === 1);
    gateway.enrollAtDevice(DOCK, testUser('1'));
    await client.event.enableMonitoring(DOCK);
    gateway.enrollAtDevice(DOCK, testUser('2'));
    await expect(events.next()).resolves.toMatchObject({
      deviceID: DOCK,
      userID: '2',
      eventCode: EventCode.USER_ENROLL_SUCCESS,
      changedOnDevice: true,
    });

    // A reconnect loses monitoring: nothing arrives until it is enabled again.
    gateway.setNetwork(DOCK, false);
    gateway.setNetwork(DOCK, true);
    gateway.enrollAtDevice(DOCK, testUser('3'));
    await client.event.enableMonitoring(DOCK);
    gateway.enrollAtDevice(DOCK, testUser('4'));
    await expect(events.next()).resolves.toMatchObject({ userID: '4' });
    events.stream.cancel();
  });

  it('filters the realtime log by device and event code', async () => {
    await client.event.enableMonitoringMulti([MAIN, DOCK]);
    const events = new StreamCollector<EventLog>(
      client.event.subscribeRealtimeLog({ deviceIDs: [DOCK], eventCodes: [EventCode.USER_DELETE_SUCCESS] }),
    );
    // Events logged before the server has the subscription are not for it.
    await waitUntil(() => gateway.subscriberCounts().realtime === 1);
    await client.user.enroll(MAIN, [testUser('1')], false);
    await client.user.enroll(DOCK, [testUser('1')], false);
    await client.user.delete(MAIN, ['1']);
    await client.user.delete(DOCK, ['1']);
    const event = await events.next();
    expect(event).toMatchObject({ deviceID: DOCK, eventCode: EventCode.USER_DELETE_SUCCESS, changedOnDevice: false });
    expect(events.items).toHaveLength(1);
    events.stream.cancel();
  });

  it('pages GetLog from a start ID', async () => {
    await client.user.enroll(DOCK, ['1', '2', '3', '4', '5'].map((id) => testUser(id)), false);
    const all = await client.event.getLog(DOCK, 0, 0);
    expect(all.map((event) => event.ID)).toEqual([1, 2, 3, 4, 5]);
    expect(all.map((event) => event.userID)).toEqual(['1', '2', '3', '4', '5']);
    expect(all.every((event) => event.deviceID === DOCK && !event.changedOnDevice)).toBe(true);
    expect((await client.event.getLog(DOCK, 3, 2)).map((event) => event.ID)).toEqual([3, 4]);
    expect((await client.event.getLog(DOCK, 5, 10)).map((event) => event.ID)).toEqual([5]);
    expect(await client.event.getLog(DOCK, 6, 0)).toEqual([]);
  });

  it('keeps what was enrolled at an offline device and serves it from GetLog once it is back', async () => {
    gateway.setNetwork(GATE, false);
    expect((await gatewayFailureOf(client.event.getLog(GATE, 0, 0))).message).toMatch(/not connected/);
    gateway.enrollAtDevice(GATE, testUser('42'));
    gateway.setNetwork(GATE, true);
    const log = await client.event.getLog(GATE, 0, 0);
    expect(log.find((event) => event.eventCode === EventCode.USER_ENROLL_SUCCESS)).toMatchObject({
      userID: '42',
      changedOnDevice: true,
    });
    expect((await client.user.getList(GATE)).map((hdr) => hdr.ID)).toEqual(['42']);
  });
});

describe('gateway failures', () => {
  it('breaks open streams on a restart, and the next call works', async () => {
    const statuses = new StreamCollector<StatusChange>(client.connect.subscribeStatus());
    await statuses.next();
    await gateway.restart();
    const error = await statuses.ended();
    expect(error).toBeInstanceOf(GatewayError);
    expect((await client.connect.getDeviceList()).length).toBe(3);
  });

  it('says a gateway that is not there is unreachable', async () => {
    const port = gateway.grpcPort;
    await gateway.stop();
    const orphan = new GatewayClient({ host: '127.0.0.1', port, caCert: null });
    try {
      const notReady = await gatewayFailureOf(orphan.waitForReady(300));
      expect(notReady.message).toBe(`gateway 127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
      expect(notReady.kind).toBe('unreachable');
      const call = await gatewayFailureOf(orphan.connect.getDeviceList());
      expect(call.code).toBe(GrpcStatus.UNAVAILABLE);
      expect(call.kind).toBe('unreachable');
      expect(call.message).toMatch(new RegExp(`^gateway 127.0.0.1:${port} is unreachable`));
    } finally {
      orphan.close();
    }
  });
});
