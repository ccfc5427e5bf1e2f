import { describe, expect, it } from 'vitest';
import { testUser } from '../sim/testSupport';
import { harnessesClosedAfterEach, waitFor, type SyncHarness } from './sync/syncTestSupport';

/*
 * Site traffic reaches the console as a real reader's events do: live on the realtime stream,
 * and through the device's log for a device the console could not hear meanwhile, so every event
 * a device logged is stored once.
 */

const harness = harnessesClosedAfterEach();
const MAIN = 911;
const DOCK = 912;

async function storedPerDevice(h: SyncHarness, deviceId: number): Promise<number> {
  return (await h.database.database.events.toArray()).filter((event) => event.source === 'device' && event.deviceId === deviceId).length;
}

async function everyLoggedEventStored(h: SyncHarness, deviceId: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  const logged = h.site.device(deviceId)?.lastEventID ?? 0;
  for (;;) {
    const stored = await storedPerDevice(h, deviceId);
    if (stored === logged) return;
    if (Date.now() > deadline) throw new Error(`device ${deviceId}: ${stored} of ${logged} logged events stored`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('site traffic into the event log', () => {
  it('stores every event each device logged, once, also those logged while the console could not hear the device', async () => {
    const h = await harness({
      devices: [
        { deviceID: MAIN, model: 'BioStation 2', users: [testUser('1'), testUser('2')] },
        { deviceID: DOCK, model: 'XPass 2', users: [testUser('3')] },
      ],
    });
    await waitFor(h, () => [MAIN, DOCK].every((id) => h.core.registry.get(h.key(id))?.connection === 'connected'), 'both devices connected');
    await h.engine.whenIdle();

    h.site.traffic.start({ rate: 300, mix: { doorOpened: 3, forcedOpen: 1, deniedByGroup: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    h.site.setNetwork(DOCK, false);
    await waitFor(h, () => h.core.registry.get(h.key(DOCK))?.connection === 'disconnected', 'the dock lost');
    await new Promise((resolve) => setTimeout(resolve, 300));
    h.site.setNetwork(DOCK, true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { generated } = h.site.traffic.stop();
    expect(generated).toBeGreaterThan(100);

    await everyLoggedEventStored(h, MAIN);
    await everyLoggedEventStored(h, DOCK);
    const keys = (await h.database.database.events.toArray()).flatMap((event) => (event.deviceEventKey === undefined ? [] : [event.deviceEventKey]));
    expect(new Set(keys).size).toBe(keys.length);
    const kinds = new Set((await h.database.database.events.toArray()).map((event) => event.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['device.0x1900', 'device.0x5200', 'device.0x5400', 'device.0x3400', 'device.0x3300']));
  });
});
