import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDoor, testGroup, testLevel, testSchedule, testZone } from '../sim/testSupport';
import { VirtualGateway } from '../sim/virtualGateway';
import { GatewayClient } from './client';
import { PREDEFINED_SCHEDULE_ALWAYS } from './messages';
import type { ScheduleInfo } from './messages';
import { gatewayFailureOf } from './testSupport';

const MAIN = 541531029;
const DOCK = 541531030;
const GATE = 541531031;
const ALWAYS = PREDEFINED_SCHEDULE_ALWAYS;

let gateway: VirtualGateway;
let client: GatewayClient;

beforeEach(async () => {
  gateway = await VirtualGateway.start({
    tls: null,
    devices: [
      { deviceID: MAIN, name: 'Main entrance', model: 'BioStation 2' },
      { deviceID: DOCK, name: 'Loading dock', model: 'BioEntry W2' },
      {
        deviceID: GATE,
        name: 'Car park gate',
        model: 'XPass 2',
        accessLimits: { groups: 2, levels: 2, schedules: 1, doors: 1, zones: 1 },
      },
    ],
  });
  client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
  await client.waitForReady(5_000);
});

afterEach(async () => {
  client.close();
  await gateway.stop();
});

/** The door and schedule a level needs, on `deviceID`. */
async function doorAndSchedule(deviceID: number, doorID = 1, scheduleID = 2): Promise<void> {
  await client.door.add(deviceID, [testDoor(doorID, deviceID)]);
  await client.schedule.add(deviceID, [testSchedule(scheduleID)]);
}

describe('Schedule', () => {
  it('stores weekly and daily schedules, replaces by ID, deletes, and never lists "Always"', async () => {
    const office = testSchedule(2);
    const nights = testSchedule(3, [{ startTime: 0, endTime: 420 }, { startTime: 1080, endTime: 1440 }], [0, 1, 2, 3, 4, 5, 6]);
    const rota: ScheduleInfo = {
      ID: 4,
      name: 'Four-day rota',
      weekly: null,
      daily: { startDate: 10, daySchedules: [{ periods: [{ startTime: 360, endTime: 840 }] }, { periods: [] }, { periods: [] }, { periods: [] }] },
    };
    await client.schedule.add(MAIN, [office, nights, rota]);
    expect(await client.schedule.getList(MAIN)).toEqual([office, nights, rota]);

    const renamed = { ...office, name: 'Office hours' };
    await client.schedule.add(MAIN, [renamed]);
    expect((await client.schedule.getList(MAIN)).map((schedule) => schedule.name)).toEqual(['Office hours', 'Schedule 3', 'Four-day rota']);

    await client.schedule.delete(MAIN, [3, 99]);
    expect((await client.schedule.getList(MAIN)).map((schedule) => schedule.ID)).toEqual([2, 4]);
    await client.schedule.deleteAll(MAIN);
    expect(await client.schedule.getList(MAIN)).toEqual([]);
  });

  it('refuses the predefined ID, overlapping periods and a week without 7 days, storing none of the batch', async () => {
    const always = await gatewayFailureOf(client.schedule.add(MAIN, [testSchedule(2), testSchedule(ALWAYS)]));
    expect(always.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(always.message).toMatch(/predefined "Always"/);
    const overlap = testSchedule(3, [{ startTime: 60, endTime: 600 }, { startTime: 500, endTime: 700 }]);
    expect((await gatewayFailureOf(client.schedule.add(MAIN, [overlap]))).message).toMatch(/schedule 3, day 1: periods overlap/);
    const short: ScheduleInfo = { ...testSchedule(5), weekly: { daySchedules: [] } };
    expect((await gatewayFailureOf(client.schedule.add(MAIN, [short]))).message).toMatch(/a week has 7 days, not 0/);
    const both: ScheduleInfo = { ...testSchedule(6), daily: { startDate: 0, daySchedules: [{ periods: [] }] } };
    expect((await gatewayFailureOf(client.schedule.add(MAIN, [both]))).message).toMatch(/exactly one of a weekly and a daily/);
    expect(await client.schedule.getList(MAIN)).toEqual([]);
  });

  it('adds and deletes on several devices with AddMulti, DeleteMulti and DeleteAllMulti', async () => {
    await client.schedule.addMulti([MAIN, DOCK], [testSchedule(2), testSchedule(3)]);
    await client.schedule.deleteMulti([MAIN, DOCK], [2]);
    expect((await client.schedule.getList(DOCK)).map((schedule) => schedule.ID)).toEqual([3]);
    await client.schedule.deleteAllMulti([MAIN, DOCK]);
    expect(await client.schedule.getList(MAIN)).toEqual([]);
  });
});

describe('Door', () => {
  it('round-trips doors with relay, sensor, exit button and exit device', async () => {
    const front = testDoor(1, MAIN, DOCK);
    const side = { ...testDoor(2, MAIN), sensor: null, button: null };
    await client.door.add(MAIN, [front, side]);
    const doors = await client.door.getList(MAIN);
    expect(doors).toEqual([front, side]);
    await client.door.add(MAIN, [{ ...front, name: 'Front door' }]);
    expect((await client.door.getList(MAIN))[0]?.name).toBe('Front door');
    await client.door.delete(MAIN, [1]);
    expect((await client.door.getList(MAIN)).map((door) => door.doorID)).toEqual([2]);
    await client.door.deleteAll(MAIN);
    expect(await client.door.getList(MAIN)).toEqual([]);
  });

  it('refuses a door without relay or entry device', async () => {
    const noRelay = await gatewayFailureOf(client.door.add(MAIN, [{ ...testDoor(1, MAIN), relay: null }]));
    expect(noRelay.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(noRelay.message).toBe(`device ${MAIN}: door 1 has no relay`);
    const noEntry = await gatewayFailureOf(client.door.add(MAIN, [{ ...testDoor(2, MAIN), entryDeviceID: 0 }]));
    expect(noEntry.message).toMatch(/door 2 has no entry device/);
    const oddSensor = await gatewayFailureOf(client.door.add(MAIN, [{ ...testDoor(3, MAIN), sensor: { deviceID: MAIN, port: 0, type: 7 } }]));
    expect(oddSensor.message).toMatch(/door 3: the sensor has switch type 7/);
    // Device ID 0 = no exit button, whatever the rest says.
    await client.door.add(MAIN, [{ ...testDoor(4, MAIN), button: { deviceID: 0, port: 0, type: 9 } }]);
  });
});

describe('Access', () => {
  it('stores levels and groups once their doors, schedules and levels are there', async () => {
    const level = testLevel(10, [{ doorID: 1, scheduleID: 2 }, { doorID: 1, scheduleID: ALWAYS }]);
    const early = await gatewayFailureOf(client.access.addLevels(MAIN, [level]));
    expect(early.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(early.message).toBe(`device ${MAIN}: access level 10 names door 1, which is not on the device`);
    const orphan = await gatewayFailureOf(client.access.addGroups(MAIN, [testGroup(5, [10])]));
    expect(orphan.message).toMatch(/access group 5 names access level 10, which is not on the device/);

    await doorAndSchedule(MAIN);
    await client.access.addLevels(MAIN, [level, testLevel(11, [])]);
    await client.access.addGroups(MAIN, [testGroup(5, [10, 11]), testGroup(6, [])]);
    expect(await client.access.getLevels(MAIN)).toEqual([level, testLevel(11, [])]);
    expect(await client.access.getGroups(MAIN)).toEqual([testGroup(5, [10, 11]), testGroup(6, [])]);

    await client.access.addGroups(MAIN, [{ ...testGroup(5, [11]), name: 'Office staff' }]);
    expect((await client.access.getGroups(MAIN))[0]).toEqual({ ID: 5, name: 'Office staff', levelIDs: [11] });

    // Deleting what others name is allowed; the reference dangles, as on a device.
    await client.access.deleteLevels(MAIN, [11]);
    expect((await client.access.getLevels(MAIN)).map((stored) => stored.ID)).toEqual([10]);
    await client.access.deleteGroups(MAIN, [6, 404]);
    expect((await client.access.getGroups(MAIN)).map((group) => group.ID)).toEqual([5]);
    await client.access.deleteAllGroups(MAIN);
    await client.access.deleteAllLevels(MAIN);
    expect(await client.access.getGroups(MAIN)).toEqual([]);
    expect(await client.access.getLevels(MAIN)).toEqual([]);
  });

  it('refuses reserved and out-of-range IDs, long names and the same ID twice', async () => {
    expect((await gatewayFailureOf(client.access.addGroups(MAIN, [testGroup(0, [])]))).message).toMatch(/ID 0 is reserved/);
    expect((await gatewayFailureOf(client.access.addLevels(MAIN, [testLevel(32_768, [])]))).message).toMatch(/out of range/);
    const long = { ...testGroup(1, []), name: 'x'.repeat(49) };
    expect((await gatewayFailureOf(client.access.addGroups(MAIN, [long]))).message).toMatch(/longer than 48/);
    const twice = await gatewayFailureOf(client.access.addGroups(MAIN, [testGroup(1, []), testGroup(1, [])]));
    expect(twice.message).toMatch(/access group 1 appears twice/);
  });

  it('applies AddMulti where it can and names each failed device with its own code', async () => {
    await doorAndSchedule(MAIN);
    await doorAndSchedule(DOCK);
    await client.access.addLevelsMulti([MAIN, DOCK], [testLevel(10, [{ doorID: 1, scheduleID: 2 }])]);
    await client.access.deleteAllLevels(DOCK);
    gateway.setNetwork(GATE, false);

    const error = await gatewayFailureOf(client.access.addGroupsMulti([MAIN, DOCK, GATE], [testGroup(5, [10])]));
    expect(error.code).toBe(GrpcStatus.INTERNAL);
    expect(error.deviceErrors).toEqual([
      { deviceID: DOCK, code: GrpcStatus.FAILED_PRECONDITION, msg: `device ${DOCK}: access group 5 names access level 10, which is not on the device` },
      { deviceID: GATE, code: GrpcStatus.UNAVAILABLE, msg: `device ${GATE} is not connected` },
    ]);
    expect(await client.access.getGroups(MAIN)).toEqual([testGroup(5, [10])]);
    expect(await client.access.getGroups(DOCK)).toEqual([]);

    await client.access.deleteGroupsMulti([MAIN, DOCK], [5]);
    await client.access.addLevelsMulti([MAIN], [testLevel(12, [])]);
    await client.access.deleteLevelsMulti([MAIN, DOCK], [12]);
    expect((await client.access.getLevels(MAIN)).map((level) => level.ID)).toEqual([10]);
    const offline = await gatewayFailureOf(client.access.deleteAllLevelsMulti([MAIN, GATE]));
    expect(offline.deviceErrors.map((failure) => failure.deviceID)).toEqual([GATE]);
    expect(await client.access.getLevels(MAIN)).toEqual([]);
    await client.access.deleteAllGroupsMulti([MAIN, DOCK]);
  });
});

describe('APBZone', () => {
  it('round-trips anti-passback zones whose bypass groups are on the device', async () => {
    const zone = testZone(1, [MAIN, DOCK], [7]);
    const missing = await gatewayFailureOf(client.zone.add(MAIN, [zone]));
    expect(missing.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(missing.message).toMatch(/zone 1 names access group 7/);
    await client.access.addGroups(MAIN, [testGroup(7, [])]);
    await client.zone.add(MAIN, [zone, testZone(2, [MAIN])]);
    expect(await client.zone.getList(MAIN)).toEqual([zone, testZone(2, [MAIN])]);
    const empty = await gatewayFailureOf(client.zone.add(MAIN, [testZone(3, [])]));
    expect(empty.message).toMatch(/zone 3 has no members/);
    const oddReader = await gatewayFailureOf(client.zone.add(MAIN, [{ ...testZone(4, [MAIN]), members: [{ deviceID: MAIN, readerType: 5 }] }]));
    expect(oddReader.message).toMatch(/zone 4: device \d+ has reader type 5/);
    expect((await gatewayFailureOf(client.zone.add(MAIN, [{ ...testZone(5, [MAIN]), type: 2 }]))).message).toMatch(/zone 5 has type 2/);
    await client.zone.delete(MAIN, [2]);
    expect((await client.zone.getList(MAIN)).map((stored) => stored.zoneID)).toEqual([1]);
    await client.zone.deleteAll(MAIN);
    expect(await client.zone.getList(MAIN)).toEqual([]);
  });
});

describe('device states', () => {
  it('answers every access call for an offline device with UNAVAILABLE, and an unknown one with NOT_FOUND', async () => {
    gateway.setNetwork(DOCK, false);
    const calls = [
      client.access.getGroups(DOCK),
      client.access.getLevels(DOCK),
      client.door.getList(DOCK),
      client.schedule.getList(DOCK),
      client.zone.getList(DOCK),
      client.access.addGroups(DOCK, [testGroup(1, [])]),
      client.door.deleteAll(DOCK),
    ];
    for (const call of calls) {
      const error = await gatewayFailureOf(call);
      expect(error.code).toBe(GrpcStatus.UNAVAILABLE);
      expect(error.message).toBe(`device ${DOCK} is not connected`);
    }
    expect((await gatewayFailureOf(client.door.getList(12345))).code).toBe(GrpcStatus.NOT_FOUND);
  });

  it('refuses records beyond a table’s room, storing none of the batch, but still replaces existing IDs', async () => {
    await client.access.addGroups(GATE, [testGroup(1, []), testGroup(2, [])]);
    const full = await gatewayFailureOf(client.access.addGroups(GATE, [testGroup(2, []), testGroup(3, [])]));
    expect(full.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(full.message).toBe(`device ${GATE} is full: 2 of 2 access groups, 1 more do not fit`);
    await client.access.addGroups(GATE, [{ ...testGroup(2, []), name: 'Replaced' }]);
    expect((await client.access.getGroups(GATE)).map((group) => group.name)).toEqual(['Group 1', 'Replaced']);
    await client.door.add(GATE, [testDoor(1, GATE)]);
    expect((await gatewayFailureOf(client.door.add(GATE, [testDoor(2, GATE)]))).code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
  });

  it('holds 2048 access groups by default and refuses the next', async () => {
    const groups = Array.from({ length: 2048 }, (_, index) => testGroup(index + 1, []));
    await client.access.addGroups(MAIN, groups);
    const full = await gatewayFailureOf(client.access.addGroups(MAIN, [testGroup(5000, [])]));
    expect(full.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(await client.access.getGroups(MAIN)).toHaveLength(2048);
  });

  it('fails writes under the fault switch without applying them', async () => {
    const device = gateway.device(MAIN);
    if (!device) throw new Error('no main device');
    device.failWrites = true;
    expect((await gatewayFailureOf(client.schedule.add(MAIN, [testSchedule(2)]))).message).toMatch(/simulated fault/);
    device.failWrites = false;
    expect(await client.schedule.getList(MAIN)).toEqual([]);
  });

  it('keeps every table across a gateway restart and a network cut', async () => {
    await doorAndSchedule(MAIN);
    await client.access.addLevels(MAIN, [testLevel(10, [{ doorID: 1, scheduleID: 2 }])]);
    await client.access.addGroups(MAIN, [testGroup(5, [10])]);
    await client.zone.add(MAIN, [testZone(1, [MAIN])]);
    const before = gateway.device(MAIN)?.access.snapshot();

    await gateway.restart();
    gateway.setNetwork(MAIN, false);
    gateway.setNetwork(MAIN, true);
    // A call in flight on the old connection is cancelled by the restart; the console reconnects
    // with a new session, and so does this test.
    client.close();
    client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
    expect(await client.access.getGroups(MAIN)).toEqual([testGroup(5, [10])]);
    expect(await client.access.getLevels(MAIN)).toHaveLength(1);
    expect(await client.door.getList(MAIN)).toHaveLength(1);
    expect(await client.schedule.getList(MAIN)).toHaveLength(1);
    expect(await client.zone.getList(MAIN)).toHaveLength(1);
    expect(gateway.device(MAIN)?.access.snapshot()).toEqual(before);
  });
});
