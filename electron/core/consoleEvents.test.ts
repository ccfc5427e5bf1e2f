import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../renderer/dbhost/schema';
import { harnessesClosedAfterEach, siteDoor, siteUser, siteUsers, waitFor, type SyncHarness } from './sync/syncTestSupport';

/*
 * The console's own events (issue 6): devices connected and lost, the gateway reached or not,
 * the automatic-sync mode switched, the operator's edits of the master data with what changed,
 * all through the one batching event writer, against the virtual gateway over gRPC.
 */

const harness = harnessesClosedAfterEach();
const READER = 901;
const GATE = 902;

async function storedEvents(h: SyncHarness): Promise<StoredEvent[]> {
  await h.core.events?.flush();
  return h.database.database.events.toArray();
}

async function waitForEvent(h: SyncHarness, what: string, match: (event: StoredEvent) => boolean): Promise<StoredEvent> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const found = (await storedEvents(h)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no event: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the console’s own events', () => {
  it('logs each device connecting, a device whose cable is cut and plugged back, and the gateway lost', async () => {
    const h = await harness({ devices: [{ deviceID: READER, name: 'Main entrance', model: 'BioStation 2' }, { deviceID: GATE, model: 'XPass 2' }] });
    await waitForEvent(h, 'the gateway reachable', (event) => event.kind === 'gateway.reachable');
    await waitForEvent(h, 'the reader connected', (event) => event.kind === 'device.connected' && event.deviceId === READER);
    await waitForEvent(h, 'the gate connected', (event) => event.kind === 'device.connected' && event.deviceId === GATE);

    h.site.setNetwork(READER, false);
    const lost = await waitForEvent(h, 'the reader disconnected', (event) => event.kind === 'device.disconnected');
    expect(lost).toMatchObject({ source: 'console', level: 'warning', deviceId: READER });
    expect(lost.message).toMatch(/disconnected/);
    h.site.setNetwork(READER, true);
    await waitFor(h, () => h.core.registry.get(h.key(READER))?.connection === 'connected', 'the reader back');
    await waitForEvent(h, 'the reader connected again', (event) => event.kind === 'device.connected' && event.deviceId === READER && event.seq > lost.seq);

    await h.site.stop();
    // First the session breaks (its streams fail), then the retries find nobody listening.
    const broken = await waitForEvent(h, 'the gateway lost', (event) => event.kind === 'gateway.unreachable');
    expect(broken).toMatchObject({ level: 'error', deviceId: null });
    await waitForEvent(h, 'the gateway unreachable', (event) => event.kind === 'gateway.unreachable' && /^Gateway Test site \(127\.0\.0\.1:\d+\) unreachable/.test(event.message));
    const lostWithGateway = await waitForEvent(h, 'the gate lost with the gateway', (event) => event.kind === 'device.disconnected' && event.deviceId === GATE);
    expect(lostWithGateway.message).toMatch(/disconnected: gateway unreachable/);
    // Retries that fail the same way are not logged again.
    const failures = (await storedEvents(h)).filter((event) => event.kind === 'gateway.unreachable').length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await storedEvents(h)).filter((event) => event.kind === 'gateway.unreachable')).toHaveLength(failures);
  });

  it('logs a switch of the automatic sync mode, once, with both modes', async () => {
    const h = await harness({ devices: [{ deviceID: READER, model: 'BioStation 2' }] });
    await h.core.handlers.setSyncMode({ mode: 'all' });
    await h.core.handlers.setSyncMode({ mode: 'all' });
    const events = (await storedEvents(h)).filter((event) => event.kind === 'sync.modeChanged');
    expect(events.map((event) => event.message)).toEqual(['Automatic user synchronization changed by the operator: Not used → All devices']);
  });

  it('logs the operator’s edits with what changed, one event for a bulk delete and one per import batch', async () => {
    const h = await harness({ devices: [{ deviceID: READER, model: 'BioStation 2' }], users: siteUsers(3) });
    const { handlers } = h.core;
    await handlers.saveUser({ user: { ...siteUser('10'), name: 'Ada' }, createOnly: true });
    const [ada] = await h.database.store.users.get(['10']);
    if (!ada) throw new Error('user 10 not stored');
    await handlers.saveUser({ user: { ...ada, name: 'Ada L.', cards: [], accessGroupIds: [2, 1] } });
    const lab = { name: 'Lab', entryDeviceId: READER, exitDeviceId: null, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 };
    const { id: doorId } = await handlers.createDoor({ record: lab });
    await handlers.saveDoor({ record: { ...siteDoor(doorId, READER, null, 'Lab'), name: 'Lab 2', relayPort: 1 } });
    await handlers.deleteDoors({ ids: [doorId] });
    await handlers.deleteUsers({ ids: ['1', '2', '3'] });
    const csv = ['id,name', ...Array.from({ length: 12 }, (_, n) => `${100 + n},Imported ${n}`), '10,Ada again', 'x,Bad'].join('\n');
    const imported = await handlers.importUsers({ csv });
    expect(imported.imported).toBe(13);

    const operator = (await storedEvents(h)).filter((event) => /^(user|door)\./.test(event.kind) && event.message.startsWith('Operator'));
    expect(operator.map((event) => [event.kind, event.message])).toEqual([
      ['user.added', 'Operator added user 10 “Ada” (1 card, 1 fingerprint, 1 face, access groups 1)'],
      ['user.changed', 'Operator changed user 10 “Ada L.”: name “Ada” → “Ada L.”; cards 1 → 0; access groups 1 → 1, 2'],
      ['door.created', `Operator created door ${doorId} “Lab”`],
      ['door.changed', `Operator changed door ${doorId} “Lab 2”: name “Lab” → “Lab 2”; relay port 0 → 1`],
      ['door.deleted', `Operator deleted door ${doorId} “Lab 2”`],
      ['user.deleted', 'Operator deleted 3 users: 1, 2, 3'],
      ['user.imported', 'Operator imported users from CSV: 13 stored (12 new, 1 replaced), 1 refused'],
    ]);
    expect(operator[1]?.userId).toBe('10');
    // Never the credentials themselves.
    expect(operator.some((event) => ada.cards.some((card) => event.message.includes(card.data)))).toBe(false);
  });
});
