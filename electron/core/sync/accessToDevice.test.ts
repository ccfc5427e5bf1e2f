import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Door, Zone } from '../../../shared/domain/access';
import { GatewayClient } from '../../gsdk';
import { VirtualGateway } from '../../sim/virtualGateway';
import { canonicalAccess } from './accessRecords';
import { toDoorInfo, toZoneInfo } from './accessToDevice';

const ENTRY = 541_600_001;
const EXIT = 541_600_002;

let gateway: VirtualGateway;
let client: GatewayClient;

beforeAll(async () => {
  gateway = await VirtualGateway.start({
    tls: null,
    devices: [
      { deviceID: ENTRY, name: 'Lab entry', model: 'BioStation 2' },
      { deviceID: EXIT, name: 'Lab exit', model: 'BioEntry W2' },
    ],
  });
  client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
  await client.waitForReady(5_000);
});

afterAll(async () => {
  client.close();
  await gateway.stop();
});

const lab: Door = {
  id: 7,
  name: 'Laboratory',
  entryDeviceId: ENTRY,
  exitDeviceId: EXIT,
  relayPort: 1,
  sensor: { deviceId: ENTRY, port: 0, switchType: 'normally-closed' },
  exitButton: { deviceId: EXIT, port: 2, switchType: 'normally-open' },
  autoLockSeconds: 5,
  heldOpenSeconds: 45,
};

const labZone: Zone = {
  id: 3,
  name: 'Laboratory anti-passback',
  kind: 'anti-passback',
  mode: 'soft',
  resetMinutes: 720,
  members: [
    { deviceId: ENTRY, role: 'entry' },
    { deviceId: EXIT, role: 'exit' },
  ],
};

describe('access records over the wire (real gRPC to the virtual gateway)', () => {
  it('a door keeps its relay, sensor, exit button and timing, and reads back the same', async () => {
    const sent = toDoorInfo(lab);
    await client.door.add(ENTRY, [sent, toDoorInfo({ ...lab, id: 8, sensor: null, exitButton: null })]);
    const [held, bare] = await client.door.getList(ENTRY);
    expect(held).toEqual(sent);
    expect(canonicalAccess('doors', held!)).toBe(canonicalAccess('doors', sent));
    // proto3 has no null: an absent input may come back as null or as device 0; both mean none.
    expect(canonicalAccess('doors', bare!)).toBe(canonicalAccess('doors', toDoorInfo({ ...lab, id: 8, sensor: null, exitButton: null })));
  });

  it('a zone keeps its entry and exit readers, its mode and its reset time', async () => {
    const sent = toZoneInfo(labZone);
    await client.zone.add(EXIT, [sent]);
    const [held] = await client.zone.getList(EXIT);
    expect(held).toEqual(sent);
    expect(held?.resetDuration).toBe(720 * 60);
    expect(canonicalAccess('zones', held!)).toBe(canonicalAccess('zones', sent));
    expect(canonicalAccess('zones', toZoneInfo({ ...labZone, mode: 'hard' }))).not.toBe(canonicalAccess('zones', held!));
  });
});
