import { afterEach, describe, expect, it } from 'vitest';
import { startControlServer, type ControlServer } from '../../../sim/controlServer';
import { harnessesClosedAfterEach } from '../syncTestSupport';
import { DEFAULT_SYNC_TUNING } from '../syncTuning';
import { runSoak, soakFailures } from './runSoak';
import { SiteControl } from './siteControl';
import { planSoak, soakSeed, type MemoryBound, type SoakPacing } from './soakPlan';

/*
 * Issue 8, load and soak, the short version (`npm run soak` is the long one, with the same driver
 * and model): 10 readers and 2,000 users under *All devices (including user update from device)*,
 * 20 s of operator edits, enrollments, edits and deletes at the readers, disconnects and gateway
 * restarts; then every reader and the database must equal the model the driver kept, and memory
 * must stay within the bound. SOAK_SEED repeats a run's mix.
 */

const harness = harnessesClosedAfterEach();
const controlServers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(controlServers.splice(0).map((server) => server.close()));
});

const PACING: SoakPacing = {
  actionsForMs: 20_000,
  actionEveryMs: 20,
  offlineMs: [1_000, 5_000],
  maxOffline: 3,
  gatewayRestartEveryMs: 7_000,
  initialSyncTimeoutMs: 60_000,
  convergenceTimeoutMs: 60_000,
};

/**
 * The gateway and the database run in this process here, so their tables and the event log count
 * too: runs grew by 27–49 MB of heap; a leak per action or write (thousands of them) is far
 * beyond this bound. Rss is reported but not bounded here: with the gateway's and the
 * database's memory in it, and the allocator keeping pages after a GC, it grew by 73–315 MB
 * depending on the machine's load (315 MB in a CI run whose heap grew 49 MB). The long soak
 * (`npm run soak`) bounds the rss of a main process that holds only the console.
 */
const MEMORY_BOUND: MemoryBound = { heapUsedGrowthMB: 100, rssGrowthMB: null };

describe('soak: load, faults and reader changes', () => {
  it('every reader and the database end equal to the model, within the memory bound', async () => {
    const setup = planSoak(soakSeed(process.env.SOAK_SEED), { devices: 10, users: 2_000 });
    const h = await harness({
      devices: setup.devices.map((device) => ({ deviceID: device.deviceId, model: device.model, capacity: 10_000 })),
      users: setup.initialUsers,
      syncMode: 'all-with-device',
      // The app's retry pace, not the fast one of the other tests: a write retried within 40 ms
      // of a call that timed out on a loaded machine can land before the live event of an edit
      // made at the reader meanwhile is pulled, overwriting it (RELIABILITY.md, Known limits).
      tuning: { retry: DEFAULT_SYNC_TUNING.retry, maxAttempts: DEFAULT_SYNC_TUNING.maxAttempts },
    });
    const control = await startControlServer(h.site, { port: 0 });
    controlServers.push(control);
    const lines: string[] = [];

    const report = await runSoak(setup, { core: h.core, store: h.database.store, deviceKey: h.key }, SiteControl.at(control.port), PACING, MEMORY_BOUND, (line) => lines.push(line));

    const summary = `seed ${setup.seed}\n${lines.join('\n')}\n${JSON.stringify(report, null, 1)}`;
    expect(soakFailures(report), summary).toEqual([]);
    // A mix that did nothing would pass trivially: every kind of action must have happened.
    for (const [action, count] of Object.entries(report.actions)) expect(count, `${action} in ${summary}`).toBeGreaterThan(0);
    // The seed and figures of a passing run, for the reliability report and to repeat it.
    console.log(`${lines.join('\n')}\n${JSON.stringify(report)}`);
  }, 240_000);
});
