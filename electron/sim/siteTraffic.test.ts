import { afterEach, describe, expect, it } from 'vitest';
import { AccessDeniedSubCode, EventCode } from '../gsdk/messages';
import type { EventLog } from '../gsdk/messages';
import { seededRandom } from './seededRandom';
import { SiteTraffic } from './siteTraffic';
import { SimDevice } from './simDevice';
import { testDoor, testUser, waitUntil } from './testSupport';

const MAIN = 541_530_001;
const GATE = 541_530_002;

function device(deviceID: number, model: 'BioStation 2' | 'XPass 2', logged: EventLog[]): SimDevice {
  return new SimDevice({ deviceID, model, ip: `192.168.10.${deviceID % 100}` }, { onEvent: (_, event) => logged.push(event), onLinkChange: () => undefined });
}

let traffic: SiteTraffic | null = null;
afterEach(() => {
  traffic?.stop();
  traffic = null;
});

describe('site traffic', () => {
  it('is made of people who are on the device, presenting what they have, at the device’s door', () => {
    const logged: EventLog[] = [];
    const main = device(MAIN, 'BioStation 2', logged);
    const gate = device(GATE, 'XPass 2', logged);
    main.preload([testUser('1', { fingers: 1 }), testUser('2', { accessGroupIDs: [] })]);
    gate.preload([testUser('3')]);
    main.access.doors.put([testDoor(7, MAIN)]);
    traffic = new SiteTraffic(() => [main, gate], { random: seededRandom(1) });

    traffic.emit(2_000);

    expect(logged).toHaveLength(2_000);
    expect(traffic.state().generated).toBe(2_000);
    const codes = new Set(logged.map((event) => event.eventCode));
    for (const code of [EventCode.VERIFY_SUCCESS, EventCode.IDENTIFY_SUCCESS, EventCode.ACCESS_DENIED, EventCode.DOOR_OPENED, EventCode.DOOR_FORCED_OPEN, EventCode.DOOR_HELD_OPEN]) {
      expect(codes).toContain(code);
    }
    const onDevice = { [MAIN]: ['1', '2'], [GATE]: ['3'] } as Record<number, string[]>;
    for (const event of logged.filter((item) => item.userID !== '')) expect(onDevice[event.deviceID]).toContain(event.userID);
    // The XPass 2 reads no fingerprints: nobody identifies there by finger.
    expect(logged.some((event) => event.deviceID === GATE && event.eventCode === EventCode.IDENTIFY_SUCCESS)).toBe(false);
    // A user without access groups is never granted.
    expect(logged.some((event) => event.userID === '2' && event.eventCode !== EventCode.ACCESS_DENIED)).toBe(false);
    const denials = new Set(logged.filter((event) => event.eventCode === EventCode.ACCESS_DENIED).map((event) => event.subCode));
    expect([...denials].sort()).toEqual([AccessDeniedSubCode.ACCESS_GROUP, AccessDeniedSubCode.SCHEDULE]);
    expect(new Set(logged.filter((event) => event.deviceID === MAIN).map((event) => event.entityID))).toEqual(new Set([7]));
    // Every event is in its device's log too, so a catch-up reads it.
    expect(main.lastEventID + gate.lastEventID).toBe(2_000);
  });

  it('makes only the kinds a mix names, and a door event where nobody could present anything', () => {
    const logged: EventLog[] = [];
    const empty = device(MAIN, 'BioStation 2', logged);
    traffic = new SiteTraffic(() => [empty], { random: seededRandom(2) });
    traffic.start({ rate: 1, mix: { forcedOpen: 1 } });
    traffic.emit(10);
    expect(logged.every((event) => event.eventCode === EventCode.DOOR_FORCED_OPEN)).toBe(true);
    traffic.start({ rate: 1, mix: { card: 1 } });
    traffic.emit(5);
    expect(logged.slice(10).every((event) => event.eventCode === EventCode.DOOR_OPENED)).toBe(true);
  });

  it('keeps the rate asked for, and stops', async () => {
    const logged: EventLog[] = [];
    const main = device(MAIN, 'BioStation 2', logged);
    main.preload([testUser('1')]);
    traffic = new SiteTraffic(() => [main], { tickMs: 10 });
    const started = traffic.start({ rate: 400 });
    expect(started).toMatchObject({ running: true, rate: 400 });
    await waitUntil(() => logged.length >= 200, 3_000);
    const elapsed = Date.now() - (started.startedAt ?? 0);
    // Within a wide band: the machine is shared.
    expect(logged.length).toBeGreaterThan((400 * elapsed) / 1000 / 3);
    const stopped = traffic.stop();
    expect(stopped).toMatchObject({ running: false, rate: 0, startedAt: null });
    const after = logged.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(logged.length).toBe(after);
  });
});
