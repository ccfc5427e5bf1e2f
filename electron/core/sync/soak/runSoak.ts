import { memoryAfterGc, type MemoryReading } from './memoryReading';
import type { SiteControl } from './siteControl';
import { masterCopyDifferences, readerDifferences } from './soakCheck';
import { SoakDriver, type SoakAction, type SoakConsole } from './soakDriver';
import type { SoakModel } from './soakModel';
import type { MemoryBound, SoakPacing, SoakSetup } from './soakPlan';

export interface SoakReport {
  seed: number;
  devices: number;
  initialUsers: number;
  finalUsers: number;
  actions: Record<SoakAction, number>;
  skipped: Record<string, number>;
  /** From the console's start until every reader was first in sync. */
  initialSyncMs: number;
  /**
   * From the end of the faults to the start of the comparison that found every reader and the
   * database equal to the model; null if none did by the deadline.
   */
  convergedAfterMs: number | null;
  /** How long that last comparison took (it reads every reader's whole table). */
  lastComparisonMs: number;
  /** What still differed at the deadline (empty when converged). */
  differences: string[];
  memory: { start: MemoryReading; end: MemoryReading; bound: MemoryBound; problems: string[] };
}

/** Differences listed per reader (and for the database) before the rest is only counted. */
const LISTED_PER_SOURCE = 10;
/** Between two comparisons while the console converges: each reads every reader's table. */
const RECHECK_EVERY_MS = 2_000;

/**
 * The soak (issue 8): the first full sync, memory read, the seeded mix of operator edits, reader
 * changes, disconnects and gateway restarts for `actionsForMs`, then the faults stop and the
 * console gets `convergenceTimeoutMs` to bring every reader and its database to the model; memory
 * read again. Ends by itself in every case: what still differs at the deadline is the report.
 */
export async function runSoak(
  setup: SoakSetup,
  soakConsole: SoakConsole,
  site: SiteControl,
  pacing: SoakPacing,
  bound: MemoryBound,
  progress: (line: string) => void,
): Promise<SoakReport> {
  const driver = new SoakDriver(setup, soakConsole, site, pacing);
  const startedAt = Date.now();
  progress(`seed ${setup.seed}: ${setup.devices.length} readers, ${setup.initialUsers.length} users; waiting for the first full sync`);
  if (!(await consoleSaysInSync(soakConsole, setup, startedAt + pacing.initialSyncTimeoutMs))) {
    throw new Error(`the first full sync did not finish in ${pacing.initialSyncTimeoutMs} ms: ${notInSync(soakConsole, setup).join(', ')}`);
  }
  const initialSyncMs = Date.now() - startedAt;
  const start = memoryAfterGc();
  progress(`first full sync done in ${(initialSyncMs / 1000).toFixed(1)} s; memory at start: rss ${start.rssMB} MB, heap used ${start.heapUsedMB} MB`);

  await driver.runActions(progress);
  const faultsStoppedAt = Date.now();
  progress(`faults stopped: ${driver.summary()}; waiting up to ${pacing.convergenceTimeoutMs / 1000} s for convergence`);

  const { differences, comparedAt } = await converge(soakConsole, setup, site, driver.model, faultsStoppedAt + pacing.convergenceTimeoutMs);
  const convergedAfterMs = differences.length === 0 ? comparedAt - faultsStoppedAt : null;
  const lastComparisonMs = Date.now() - comparedAt;
  const end = memoryAfterGc();
  return {
    seed: setup.seed,
    devices: setup.devices.length,
    initialUsers: setup.initialUsers.length,
    finalUsers: driver.model.size,
    actions: { ...driver.counts },
    skipped: { ...driver.skipped },
    initialSyncMs,
    convergedAfterMs,
    lastComparisonMs,
    differences,
    memory: { start, end, bound, problems: memoryProblems(start, end, bound) },
  };
}

/** Every way the soak failed, in words; empty when it passed. */
export function soakFailures(report: SoakReport): string[] {
  const failures = report.convergedAfterMs === null ? [`no convergence by the deadline: ${report.differences.length} differences`, ...report.differences] : [];
  return [...failures, ...report.memory.problems];
}

function memoryProblems(start: MemoryReading, end: MemoryReading, bound: MemoryBound): string[] {
  const problems: string[] = [];
  const heapGrowth = end.heapUsedMB - start.heapUsedMB;
  const rssGrowth = end.rssMB - start.rssMB;
  if (heapGrowth > bound.heapUsedGrowthMB) problems.push(`heap used grew by ${heapGrowth.toFixed(1)} MB (bound ${bound.heapUsedGrowthMB} MB)`);
  if (bound.rssGrowthMB !== null && rssGrowth > bound.rssGrowthMB) problems.push(`rss grew by ${rssGrowth.toFixed(1)} MB (bound ${bound.rssGrowthMB} MB)`);
  return problems;
}

/**
 * Waits until the console reports every reader connected and in sync, then
 * compares the database and every reader with the model; again until they match or the deadline
 * passes. Returns what differs at the end (empty: converged). The console's word is only when to
 * look: the comparison reads the readers' own tables and the database.
 */
async function converge(
  soakConsole: SoakConsole,
  setup: SoakSetup,
  site: SiteControl,
  model: SoakModel,
  deadline: number,
): Promise<{ differences: string[]; comparedAt: number }> {
  for (;;) {
    const saysInSync = await consoleSaysInSync(soakConsole, setup, deadline);
    const comparedAt = Date.now();
    const atDeadline = !saysInSync || comparedAt >= deadline;
    const differences = await compareWithModel(soakConsole, setup, site, model, atDeadline ? 'every' : 'first');
    if (differences.length === 0) return { differences, comparedAt };
    if (atDeadline) {
      const words = saysInSync ? [] : [`the console does not say every reader is in sync: ${notInSync(soakConsole, setup).join(', ')}`];
      return { differences: [...words, ...differences], comparedAt };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(RECHECK_EVERY_MS, Math.max(0, deadline - Date.now()))));
  }
}

/**
 * The database, then each reader; `first` stops at the first source that differs (while waiting,
 * one is enough), `every` lists them all (the report at the deadline).
 */
async function compareWithModel(soakConsole: SoakConsole, setup: SoakSetup, site: SiteControl, model: SoakModel, sources: 'first' | 'every'): Promise<string[]> {
  const found: string[] = [];
  const note = (problems: string[]): boolean => {
    found.push(...problems.slice(0, LISTED_PER_SOURCE));
    if (problems.length > LISTED_PER_SOURCE) found.push(`… and ${problems.length - LISTED_PER_SOURCE} more like these`);
    return problems.length > 0 && sources === 'first';
  };
  // A source that cannot be read is a difference too: the soak reports it rather than stopping.
  const read = (what: string, compare: () => Promise<string[]>): Promise<string[]> => compare().catch((error: unknown) => [`${what} could not be read: ${String(error)}`]);
  if (note(await read('the database', () => masterCopyDifferences(soakConsole.store, model)))) return found;
  for (const device of setup.devices) if (note(await read(`device ${device.deviceId}`, () => readerDifferences(site, device, model)))) return found;
  return found;
}

/**
 * Resolves true once the console shows every reader connected and in sync; false at the deadline.
 * Not "the engine idle": after a full sync of 20,000 users to 50 readers the engine reads a
 * million echo events back from the readers' logs for minutes, which is the event log's work.
 */
async function consoleSaysInSync(soakConsole: SoakConsole, setup: SoakSetup, deadline: number): Promise<boolean> {
  for (;;) {
    if (notInSync(soakConsole, setup).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The readers the console does not show connected and in sync, with what it shows. */
function notInSync(soakConsole: SoakConsole, setup: SoakSetup): string[] {
  return setup.devices.flatMap((device) => {
    const view = soakConsole.core.registry.get(soakConsole.deviceKey(device.deviceId));
    if (view?.connection === 'connected' && view.sync.state === 'in-sync') return [];
    return [`${device.deviceId} ${view ? `${view.connection}/${view.sync.state}${view.sync.message ? ` (${view.sync.message})` : ''}` : 'not listed'}`];
  });
}
