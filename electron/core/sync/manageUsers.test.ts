import { afterEach, describe, expect, it } from 'vitest';
import { userFromJson } from '../../sim/userJson';
import { deviceDifferences, siteUser, siteUsers, startSyncHarness, waitFor, waitForState, type SyncHarness } from './syncTestSupport';

const harnesses: SyncHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const b64 = (fill: number, size = 4): string => Buffer.alloc(size, fill).toString('base64');
const bytes = (base64: string) => Buffer.from(base64, 'base64') as Buffer<ArrayBuffer>;

/** A device with 4 console users in sync, one of them changed at the device, and 2 users only on the device. */
async function managedDevice(): Promise<SyncHarness> {
  const consoleOnly = { ...siteUser('5'), name: '' };
  const h = await startSyncHarness({ devices: [{ deviceID: 201 }], users: [...siteUsers(4), consoleOnly] });
  harnesses.push(h);
  await waitForState(h, 201, 'out-of-sync');
  await h.core.handlers.syncDevice({ deviceId: 201 });
  await waitForState(h, 201, 'in-sync');
  h.site.deleteAtDevice(201, '4');
  h.site.editAtDevice(201, '2', { name: 'Edited at the door' });
  h.site.enrollAtDevice(201, userFromJson({ ID: '700', name: 'Walk-in\u0007', cards: [{ data: bytes(b64(70)) }] }));
  // Holds a card that user 1 owns in the console: the database must refuse it.
  const cardOfUser1 = (await h.database.store.users.get(['1']))[0]!.cards[0]!.data;
  h.site.enrollAtDevice(201, userFromJson({ ID: '701', name: 'Card thief', cards: [{ data: bytes(cardOfUser1) }] }));
  // The console has user 5 with no name; the device knows the name and a second card.
  h.site.editAtDevice(201, '5', { name: 'Named at the door', cards: [...h.site.device(201)!.user('5')!.cards, { type: 1, size: 4, data: bytes(b64(75)) }] });
  await waitFor(h, () => h.sync(201)?.onlyOnDevice === 2 && h.sync(201)?.missing === 1, 'device-side changes seen');
  return h;
}

describe('Manage users in device', () => {
  it('compares the device with the console: same, different, new, missing', async () => {
    const h = await managedDevice();
    const rows = await h.core.handlers.compareDeviceUsers({ deviceId: 201 });
    const byId = Object.fromEntries(rows.map((row) => [row.userId, row]));
    expect(byId['1']).toMatchObject({ status: 'same', name: 'User 1' });
    expect(byId['3']?.status).toBe('same');
    expect(byId['2']).toMatchObject({ status: 'different', name: 'User 2' });
    expect(byId['4']?.status).toBe('missing');
    expect(byId['5']?.status).toBe('different');
    expect(byId['700']).toMatchObject({ status: 'new', name: 'Walk-in' });
    expect(byId['701']?.status).toBe('new');
    expect(rows).toHaveLength(7);
  });

  it('uploads: new users whole, vacant fields and missing credentials for known ones, refusals with the reason', async () => {
    const h = await managedDevice();
    const result = await h.core.handlers.uploadDeviceUsers({ deviceId: 201, userIds: ['700', '701', '5', '2', '4'] });
    expect(result.stored.sort()).toEqual(['2', '5', '700']);
    expect(result.refused.map((refusal) => refusal.id).sort()).toEqual(['4', '701']);
    expect(result.refused.find((refusal) => refusal.id === '701')?.reason).toMatch(/card/i);

    const [walkIn, user5, user2] = await h.database.store.users.get(['700', '5', '2']);
    expect(walkIn).toMatchObject({ name: 'Walk-in', cards: [{ type: 1, data: b64(70) }] });
    expect(user5?.name).toBe('Named at the door');
    expect(user5?.cards).toHaveLength(2);
    expect(user2?.name).toBe('User 2'); // the console's value wins

    await h.engine.whenIdle();
    const events = (await h.database.database.events.toArray()).filter((event) => event.source === 'console');
    expect(events.find((event) => event.kind === 'user.saveFailed' && event.userId === '701')?.message).toMatch(/^Fail to save to the server DB/);
    expect(events.filter((event) => event.kind === 'user.uploaded').map((event) => event.userId).sort()).toEqual(['5', '700']);

    // The walk-in now belongs to the console and is already on the device as the console wants it.
    await waitFor(h, () => h.sync(201)?.onlyOnDevice === 1, 'only the refused user is left only on the device');
    await h.core.handlers.syncDevice({ deviceId: 201 });
    await waitFor(h, () => h.sync(201)?.missing === 0 && h.sync(201)?.outdated === 0 && h.sync(201)?.progress === null, 'synced');
    expect(await deviceDifferences(h, 201, ['701'])).toEqual([]);
  });

  it('deletes from the device only; a user the console wants there shows as missing', async () => {
    const h = await managedDevice();
    await h.core.handlers.deleteDeviceUsers({ deviceId: 201, userIds: ['700', '3'] });
    expect(h.site.device(201)!.user('700')).toBeUndefined();
    expect(h.site.device(201)!.user('3')).toBeUndefined();
    expect((await h.database.store.users.get(['3']))[0]).toBeDefined();
    await waitFor(h, () => h.sync(201)?.missing === 2 && h.sync(201)?.onlyOnDevice === 1, 'the device re-checked');
  });

  it('refuses requests for a device that is not connected', async () => {
    const h = await managedDevice();
    h.site.setNetwork(201, false);
    await waitForState(h, 201, 'unknown');
    await expect(h.core.handlers.compareDeviceUsers({ deviceId: 201 })).rejects.toThrow(/not connected/);
    await expect(h.core.handlers.checkDevice({ deviceId: 999 })).rejects.toThrow(/no device 999/);
  });
});
