import { describe, expect, it } from 'vitest';
import { DeviceStatus, GatewayClient } from '../../gsdk';
import type { GatewayConfig } from '../gatewayConfig';
import { consoleEventsOf, everyIdUpTo, gatewayWritesOn, storedDeviceEventIds } from './faultTestSupport';
import { deviceDifferences, harnessesClosedAfterEach, siteUsers, waitFor, waitForState, type SyncHarness } from './syncTestSupport';

/*
 * Issue 8, "Fault injection": faults at a device, injected through the virtual gateway, while the
 * console syncs it over real gRPC. For each: the devices end as a fault-free run leaves them
 * (every user the console wants, identical, nothing else), nothing is written twice beyond what
 * the fault itself undid, the operator reads what happened in the console's log, and retries
 * end (bounded, or waiting for the device to come back).
 */

const harness = harnessesClosedAfterEach();

async function checkedOutOfSync(h: SyncHarness, deviceIds: readonly number[]): Promise<void> {
  await waitFor(h, () => deviceIds.every((id) => h.sync(id)?.state === 'out-of-sync'), `devices ${deviceIds.join(', ')} checked`);
}

describe('a device that drops off in the middle of an EnrollMulti batch', () => {
  it('leaves the call it was in; the other device of the call carries on; once back it gets exactly what it lacks', async () => {
    const users = siteUsers(80);
    // One model for both: they share every EnrollMulti call. 200 ms a write: 1.6 s for the eight
    // batches, so the cut lands mid-sync even on a busy machine.
    const h = await harness({ devices: [{ deviceID: 1101, latencyMs: 200 }, { deviceID: 1102, latencyMs: 200 }], users, tuning: { maxBatchUsers: 10 } });
    await checkedOutOfSync(h, [1101, 1102]);
    const dropping = h.site.device(1101)!;
    await h.core.handlers.syncAll(undefined);
    // Batches go two at a time: when 20 are stored the next two wait behind the device's latency.
    await waitFor(h, () => dropping.userCount >= 20, 'two batches on the device');
    expect(dropping.userCount).toBeLessThan(80);
    h.site.setNetwork(1101, false);

    // The other device of the same calls is not held back by the one that left.
    await waitForState(h, 1102, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 1102)).toEqual([]);
    await waitFor(h, () => h.sync(1101)?.state === 'unknown' && h.sync(1101)?.progress === null, 'the dropped device shown as unknown');
    const heldWhenCut = dropping.userCount;

    h.site.setNetwork(1101, true);
    await waitForState(h, 1101, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 1101)).toEqual([]);

    // Every user reached each device once: the confirmed batches were journaled, the cut one
    // was not applied, and only the users the device lacked went again.
    for (const deviceId of [1101, 1102]) {
      const writes = gatewayWritesOn(h, deviceId);
      expect([...writes.enrolled.keys()].sort()).toEqual(users.map((user) => user.id).sort());
      expect([...writes.enrolled.values()].every((count) => count === 1), `device ${deviceId} enrolled each user once`).toBe(true);
      expect(writes.overwritten.size, `device ${deviceId} rewrote nobody`).toBe(0);
    }
    expect(heldWhenCut).toBeGreaterThanOrEqual(20);

    const said = await consoleEventsOf(h, 1101);
    expect(said.some((event) => event.kind === 'sync.stopped' && /not connected/.test(event.message))).toBe(true);
    expect(said.filter((event) => event.kind === 'sync.finished').length).toBeGreaterThanOrEqual(1);
    // No retry loop while it was away: at most the one attempt the dropped call itself counts.
    expect(said.filter((event) => event.kind === 'sync.retry').length).toBeLessThanOrEqual(1);
    expect(await storedDeviceEventIds(h, 1101)).toEqual(everyIdUpTo(dropping.lastEventID));
  }, 40_000);
});

describe('a device that stores half a batch and then fails', () => {
  it('is retried (bounded, said), rewrites only the users of the half-applied batch, and ends identical to the device beside it', async () => {
    const users = siteUsers(30);
    const h = await harness({ devices: [{ deviceID: 1201 }, { deviceID: 1202 }], users, tuning: { maxBatchUsers: 10, pipelineDepth: 1 } });
    await checkedOutOfSync(h, [1201, 1202]);
    const partial = h.site.device(1201)!;
    partial.failAfterUsers = 4;
    const recording = h.site.recordCalls();
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => [1201, 1202].every((id) => h.sync(id)?.state === 'in-sync'), 'both in sync', 15_000);
    for (const id of [1201, 1202]) expect(await deviceDifferences(h, id)).toEqual([]);

    const half = gatewayWritesOn(h, 1201);
    const whole = gatewayWritesOn(h, 1202);
    // The device beside it took every batch once, with no rewrite.
    expect(whole.overwritten.size).toBe(0);
    expect([...whole.enrolled.values()].every((count) => count === 1)).toBe(true);
    // The half-applied batch's four users are written again (an overwrite with the same record);
    // nobody else is written twice.
    recording.stop();
    const firstCall = recording.calls.find((call) => call.path.endsWith('/EnrollMulti'));
    const firstBatch = ((firstCall?.request as { users: { hdr: { ID: string } }[] } | undefined)?.users ?? []).slice(0, 4).map((user) => user.hdr.ID);
    expect(firstBatch).toHaveLength(4);
    expect([...half.overwritten.keys()].sort()).toEqual([...firstBatch].sort());
    expect([...half.overwritten.values()].every((count) => count === 1)).toBe(true);
    expect([...half.enrolled.values()].every((count) => count === 1)).toBe(true);
    expect(half.enrolled.size).toBe(30);

    const said = await consoleEventsOf(h, 1201);
    const retries = said.filter((event) => event.kind === 'sync.retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]?.message).toMatch(/write failed after 4 of 10 users.*attempt 2 of 3/);
    expect(said.some((event) => event.kind === 'sync.stopped')).toBe(true);
    expect(await consoleEventsOf(h, 1202).then((events) => events.filter((event) => event.kind === 'sync.retry'))).toEqual([]);
  }, 30_000);

  it('a device that keeps failing half-way stops after the bounded attempts, in error, and the operator retries it by hand', async () => {
    const h = await harness({ devices: [{ deviceID: 1203 }], users: siteUsers(12), tuning: { maxBatchUsers: 6, pipelineDepth: 1 } });
    await checkedOutOfSync(h, [1203]);
    const device = h.site.device(1203)!;
    let partialWrites = 0;
    // Fails half-way again each time it is armed: re-armed after every write that used it.
    const rearm = setInterval(() => {
      if (device.failAfterUsers === null && partialWrites < 10) {
        device.failAfterUsers = 3;
        partialWrites += 1;
      }
    }, 2);
    try {
      device.failAfterUsers = 3;
      await h.core.handlers.syncDevice({ deviceId: 1203 });
      await waitForState(h, 1203, 'error', 15_000);
    } finally {
      clearInterval(rearm);
    }
    expect(h.sync(1203)?.message).toMatch(/after 3 attempts.*write failed after 3 of/);
    const attempts = (await consoleEventsOf(h, 1203)).filter((event) => event.kind === 'sync.retry');
    expect(attempts).toHaveLength(2);
    // Nothing more runs by itself.
    const logged = device.lastEventID;
    await h.engine.whenIdle();
    expect(device.lastEventID).toBe(logged);

    device.failAfterUsers = null;
    await h.core.handlers.syncDevice({ deviceId: 1203 });
    await waitForState(h, 1203, 'in-sync');
    expect(await deviceDifferences(h, 1203)).toEqual([]);
  }, 30_000);
});

describe('a device that answers slowly', () => {
  /** Short deadlines, so seconds stand for minutes: 1 s per call plus 100 ms per user it carries. */
  const impatient = { createClient: (config: GatewayConfig) => new GatewayClient({ host: config.host, port: config.port, caCert: config.caCert }, { callTimeoutMs: 1_000, perUserTimeoutMs: 100 }) };

  it('within its deadline: the deadline grows with the users a call carries, so it is written without a retry while progress shows', async () => {
    // 500 ms a write; a 10-user EnrollMulti may take 2 s, twice what the device needs with one call queued ahead.
    const h = await harness({ devices: [{ deviceID: 1301, latencyMs: 500 }], users: siteUsers(30), tuning: { maxBatchUsers: 10 }, connection: impatient });
    await checkedOutOfSync(h, [1301]);
    await h.core.handlers.syncDevice({ deviceId: 1301 });
    await waitFor(h, () => (h.sync(1301)?.progress?.done ?? 0) > 0 && (h.sync(1301)?.progress?.done ?? 0) < 30, 'progress shown part-way');
    await waitForState(h, 1301, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 1301)).toEqual([]);
    const said = await consoleEventsOf(h, 1301);
    expect(said.filter((event) => event.kind === 'sync.retry' || event.kind === 'sync.stopped')).toEqual([]);
  }, 30_000);

  it('a batch queued behind another at the device has the time of both: no call times out while the device keeps pace', async () => {
    // 1.2 s a write whatever it carries; 12 users a call: 2.2 s allowed, two calls in flight. The
    // second call is answered 2.4 s after it was sent, having waited for the first.
    const h = await harness({ devices: [{ deviceID: 1321, latencyMs: 1_200 }], users: siteUsers(24), tuning: { maxBatchUsers: 12 }, connection: impatient });
    await checkedOutOfSync(h, [1321]);
    await h.core.handlers.syncDevice({ deviceId: 1321 });
    await waitForState(h, 1321, 'in-sync', 20_000);
    expect(await deviceDifferences(h, 1321)).toEqual([]);
    const said = await consoleEventsOf(h, 1321);
    expect(said.filter((event) => event.kind === 'sync.retry' || event.kind === 'sync.stopped' || event.kind === 'sync.failed')).toEqual([]);
    const writes = gatewayWritesOn(h, 1321);
    expect([...writes.enrolled.values()].every((count) => count === 1)).toBe(true);
  }, 40_000);

  it('past its deadline: it no longer shares calls, the devices beside it finish, and it stops after the bounded attempts saying why', async () => {
    const users = siteUsers(20);
    // One model for all three: they would share every call, and each call would wait for the slow one.
    const h = await harness({
      devices: [{ deviceID: 1311, latencyMs: 3_000 }, { deviceID: 1312 }, { deviceID: 1313 }],
      users,
      tuning: { maxBatchUsers: 10 },
      connection: impatient,
    });
    await checkedOutOfSync(h, [1311, 1312, 1313]);
    // All three free at once, so the first round puts them in one job.
    await h.engine.whenIdle();
    await h.core.handlers.syncAll(undefined);
    for (const id of [1312, 1313]) await waitForState(h, id, 'in-sync', 15_000);
    for (const id of [1312, 1313]) expect(await deviceDifferences(h, id)).toEqual([]);
    await waitForState(h, 1311, 'error', 20_000);
    expect(h.sync(1311)?.message).toMatch(/after 3 attempts.*did not answer User.EnrollMulti within \d+ ms/);
    const said = await consoleEventsOf(h, 1311);
    expect(said.filter((event) => event.kind === 'sync.retry')).toHaveLength(2);

    // The device recovers; the operator syncs it: it ends as the others, each user written at
    // most once more than it was (a write that outlived its deadline still landed).
    h.site.device(1311)!.latencyMs = 0;
    await h.core.handlers.syncDevice({ deviceId: 1311 });
    await waitForState(h, 1311, 'in-sync', 15_000);
    expect(await deviceDifferences(h, 1311)).toEqual([]);
    const writes = gatewayWritesOn(h, 1311);
    expect(writes.enrolled.size).toBe(20);
    expect([...writes.enrolled.values()].every((count) => count === 1)).toBe(true);
  }, 60_000);
});

describe('a full device', () => {
  it('takes the users that fit, names those that did not, stands in error without retrying, and the other device syncs whole', async () => {
    const users = siteUsers(30);
    const h = await harness({ devices: [{ deviceID: 1401, capacity: 25 }, { deviceID: 1402 }], users, tuning: { maxBatchUsers: 10 } });
    await checkedOutOfSync(h, [1401, 1402]);
    await h.core.handlers.syncAll(undefined);
    await waitForState(h, 1402, 'in-sync');
    await waitForState(h, 1401, 'error');
    await h.engine.whenIdle();
    expect(await deviceDifferences(h, 1402)).toEqual([]);

    const full = h.site.device(1401)!;
    // Filled to its capacity with the console's users: the five left are named.
    expect(full.userCount).toBe(25);
    const differences = await deviceDifferences(h, 1401);
    const left = differences.map((difference) => /^user (\S+) missing$/.exec(difference)?.[1]);
    expect(left).toHaveLength(5);
    expect(left.every((id) => id !== undefined)).toBe(true);
    expect(h.sync(1401)).toMatchObject({ state: 'error', missing: 5 });
    const message = h.sync(1401)?.message ?? '';
    expect(message).toMatch(/full.*5 user\(s\) did not fit: /);
    const said = await consoleEventsOf(h, 1401);
    const failed = said.filter((event) => event.kind === 'sync.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'error' });
    for (const id of left) {
      expect(message).toMatch(new RegExp(`[ ,]${id}(,|$)`));
      expect(failed[0]?.message).toMatch(new RegExp(`[ ,]${id}(,|$)`));
    }

    // No retry: master-data changes bring checks, not writes, while it stands.
    const logged = full.lastEventID;
    await h.database.store.users.put([{ ...users[0]!, name: 'Renamed' }]);
    await waitFor(h, () => (h.sync(1401)?.outdated ?? 0) === 1, 'the rename seen by a check');
    await h.engine.whenIdle();
    expect(full.lastEventID).toBe(logged);
    expect(said.filter((event) => event.kind === 'sync.retry')).toEqual([]);
    // Each user that fits was written once.
    expect([...gatewayWritesOn(h, 1401).enrolled.values()].every((count) => count === 1)).toBe(true);
  }, 30_000);
});

describe('a stale device list', () => {
  it('a list read while a device was briefly away, answered after it came back, does not leave it out of the sync', async () => {
    const [KEPT, OTHER] = [1501, 1502];
    let staleOnce = false;
    let staleServed = false;
    // The gateway's list as it was a moment ago: the device shown disconnected once.
    const createClient = (config: GatewayConfig): GatewayClient => {
      const client = new GatewayClient({ host: config.host, port: config.port, caCert: config.caCert });
      const list = client.connect.getDeviceList.bind(client.connect);
      client.connect.getDeviceList = async () => {
        const infos = await list();
        if (!staleOnce) return infos;
        staleOnce = false;
        staleServed = true;
        return infos.map((info) => (info.deviceID === KEPT ? { ...info, status: DeviceStatus.DISCONNECTED } : info));
      };
      return client;
    };
    const h = await harness({ devices: [{ deviceID: KEPT }, { deviceID: OTHER }], users: siteUsers(5), syncMode: 'all', connection: { createClient } });
    for (const id of [KEPT, OTHER]) await waitForState(h, id, 'in-sync');
    staleOnce = true;
    await waitFor(h, () => staleServed && h.core.registry.get(h.key(KEPT))?.connection === 'connected', 'the stale list applied, then the next one');

    // An edit after it reaches the device, without anyone syncing it by hand.
    const [added] = siteUsers(6).slice(5);
    await h.database.store.users.put([added!]);
    await waitFor(h, () => h.site.device(KEPT)?.user(added!.id) !== undefined, 'the edit on the device the stale list let go', 10_000);
    await waitForState(h, KEPT, 'in-sync');
  }, 30_000);
});

