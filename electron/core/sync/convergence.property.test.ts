import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/domain/user';
import { testUser } from '../../sim/testSupport';
import { deviceDifferences, siteUser, startSyncHarness, waitFor, type SyncHarness } from './syncTestSupport';

/**
 * Whatever happens (master edits, syncs, devices dropping and coming back, people enrolling and
 * editing at the readers) and in whatever order, once the devices are back and a sync has run
 * every device holds exactly what the console wants there, and nothing a device held on its own
 * is lost.
 */

const DEVICES = [301, 302] as const;
const STATUS_BARRIER_DEVICE = 399;
type DeviceIndex = 0 | 1;

type Step =
  | { kind: 'put'; id: number; variant: number }
  | { kind: 'delete'; id: number }
  | { kind: 'disable'; id: number; disabled: boolean }
  | { kind: 'syncAll' }
  | { kind: 'drop'; device: DeviceIndex }
  | { kind: 'restore'; device: DeviceIndex }
  | { kind: 'enrollAtDevice'; device: DeviceIndex; id: number }
  | { kind: 'editAtDevice'; device: DeviceIndex; id: number }
  | { kind: 'wait'; ms: number };

const consoleId = fc.integer({ min: 1, max: 12 });
const device = fc.constantFrom<DeviceIndex>(0, 1);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), id: consoleId, variant: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), id: consoleId }),
  fc.record({ kind: fc.constant('disable' as const), id: consoleId, disabled: fc.boolean() }),
  fc.constant({ kind: 'syncAll' as const }),
  fc.record({ kind: fc.constant('drop' as const), device }),
  fc.record({ kind: fc.constant('restore' as const), device }),
  fc.record({ kind: fc.constant('enrollAtDevice' as const), device, id: fc.integer({ min: 900, max: 905 }) }),
  fc.record({ kind: fc.constant('editAtDevice' as const), device, id: consoleId }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 25 }) }),
);

/** The same ID and variant always make the same user, so an edit back to an earlier variant is a real case. */
const variants = new Map<string, User>();
function userVariant(id: number, variant: number): User {
  const key = `${id}:${variant}`;
  let user = variants.get(key);
  if (!user) {
    user = { ...siteUser(String(id)), name: `User ${id} v${variant}` };
    variants.set(key, user);
  }
  return user;
}

async function apply(h: SyncHarness, onlyOnDevice: Map<number, Set<string>>, action: Step): Promise<void> {
  switch (action.kind) {
    case 'put':
      await h.database.store.users.put([userVariant(action.id, action.variant)]);
      return;
    case 'delete':
      await h.database.store.users.delete([String(action.id)]);
      return;
    case 'disable': {
      const [user] = await h.database.store.users.get([String(action.id)]);
      if (user) await h.database.store.users.put([{ ...user, disabled: action.disabled }]);
      return;
    }
    case 'syncAll':
      await h.core.handlers.syncAll(undefined);
      return;
    case 'drop':
      h.site.setNetwork(DEVICES[action.device], false);
      return;
    case 'restore':
      h.site.setNetwork(DEVICES[action.device], true);
      return;
    case 'enrollAtDevice': {
      const deviceId = DEVICES[action.device];
      const id = String(action.id);
      if (h.site.device(deviceId)?.user(id)) return;
      h.site.enrollAtDevice(deviceId, testUser(id, { cards: 1 }));
      onlyOnDevice.get(deviceId)?.add(id);
      return;
    }
    case 'editAtDevice': {
      const deviceId = DEVICES[action.device];
      if (h.site.device(deviceId)?.user(String(action.id))) h.site.editAtDevice(deviceId, String(action.id), { name: 'Changed at the door' });
      return;
    }
    case 'wait':
      await new Promise((resolve) => setTimeout(resolve, action.ms));
      return;
  }
}

describe('sync engine: convergence from any history', () => {
  it('every device ends with exactly the desired records, and keeps what only it held', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(consoleId, { maxLength: 8 }), fc.array(step, { maxLength: 14 }), async (initial, steps) => {
        const h = await startSyncHarness({
          devices: [
            { deviceID: DEVICES[0], model: 'BioStation 2', latencyMs: 2 },
            { deviceID: DEVICES[1], model: 'XPass 2', latencyMs: 2 },
          ],
          users: initial.map((id) => userVariant(id, 0)),
          tuning: { maxBatchUsers: 3, minSharedUsers: 2 },
        });
        try {
          const onlyOnDevice = new Map<number, Set<string>>(DEVICES.map((id) => [id, new Set<string>()]));
          for (const action of steps) await apply(h, onlyOnDevice, action);

          for (const id of DEVICES) h.site.setNetwork(id, true);
          // The console may not have read a drop and restore from the last steps yet, and would
          // then look checked while the disconnect is still on its way. A device added now is
          // announced on the same status stream after them: once the console lists it, it has
          // seen every earlier change, and a dropped device reads 'unknown' until checked again.
          h.site.addDevice({ deviceID: STATUS_BARRIER_DEVICE, model: 'XPass 2', latencyMs: 2 });
          await waitFor(h, () => h.core.registry.get(h.key(STATUS_BARRIER_DEVICE)) !== undefined, 'the status stream read to the barrier device');
          await waitFor(
            h,
            () => DEVICES.every((id) => h.core.registry.get(h.key(id))?.connection === 'connected' && h.sync(id)?.checkedAt != null && h.sync(id)?.state !== 'unknown'),
            'devices back and checked',
          );
          await h.engine.whenIdle();
          // A device edited while offline shows no event and no changed counts: the deep check is
          // how the console learns of it (on its schedule; here at once).
          for (const id of DEVICES) await h.core.handlers.checkDevice({ deviceId: id });
          await h.engine.whenIdle();
          await h.core.handlers.syncAll(undefined);
          await h.engine.whenIdle();

          for (const id of DEVICES) {
            expect(await deviceDifferences(h, id, [...(onlyOnDevice.get(id) ?? [])])).toEqual([]);
            expect(h.sync(id)).toMatchObject({ missing: 0, outdated: 0, extra: 0, progress: null });
            expect(h.sync(id)?.state).toBe((onlyOnDevice.get(id)?.size ?? 0) > 0 ? 'out-of-sync' : 'in-sync');
          }
        } finally {
          await h.close();
        }
      }),
      { numRuns: Number(process.env.CONVERGENCE_RUNS ?? 12) },
    );
  }, 60_000);
});
