import type { User } from '../../../../shared/domain/user';
import { seededRandom } from '../../../sim/seededRandom';
import type { ModelName } from '../../../sim/models';
import type { SoakDevice } from './soakCheck';
import { SoakPeople } from './soakUsers';

export interface SoakSize {
  devices: number;
  users: number;
}

/** How hard and how long the soak pushes. */
export interface SoakPacing {
  /** How long operator edits, reader changes and faults go on. */
  actionsForMs: number;
  /** The pause between two actions. */
  actionEveryMs: number;
  /** A disconnected reader is plugged back in after a time in this range. */
  offlineMs: readonly [number, number];
  /** At most this many readers are disconnected at once. */
  maxOffline: number;
  /** The gateway restarts this often while the faults run. */
  gatewayRestartEveryMs: number;
  /** How long the first full sync may take before the soak gives up. */
  initialSyncTimeoutMs: number;
  /** How long the console gets to converge once the faults stop. */
  convergenceTimeoutMs: number;
}

/** The most the main process may grow between the two readings (after a forced GC). */
export interface MemoryBound {
  heapUsedGrowthMB: number;
  /** null: rss is reported, not bounded (a process shared with the gateway and the database). */
  rssGrowthMB: number | null;
}

/** Everything the seed decides before the console starts: the fleet, the users, the generator. */
export interface SoakSetup {
  seed: number;
  devices: SoakDevice[];
  initialUsers: User[];
  people: SoakPeople;
  random: () => number;
}

export const FIRST_SOAK_DEVICE = 810_001;

/**
 * A fleet with every kind of projection: most readers store fingerprints, some only cards, some
 * faces (so a reader's copy of a user is not always the whole record).
 */
const FLEET_MODELS: readonly ModelName[] = ['BioStation 2', 'BioStation 2', 'XPass 2', 'BioStation 3', 'BioEntry W2'];

export function planSoak(seed: number, size: SoakSize): SoakSetup {
  const random = seededRandom(seed);
  const people = new SoakPeople(random);
  const devices = Array.from({ length: size.devices }, (_, i) => ({ deviceId: FIRST_SOAK_DEVICE + i, model: FLEET_MODELS[i % FLEET_MODELS.length] ?? 'BioStation 2' }));
  return { seed, devices, initialUsers: people.initialUsers(size.users), people, random };
}

/** A seed from the environment or the command line when given (a decimal number), else a new one. */
export function soakSeed(given: string | undefined): number {
  if (given === undefined || given === '') return Math.floor(Math.random() * 0x7fff_ffff);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`the soak's seed must be a whole number ≥ 0, not "${given}"`);
  return seed;
}
