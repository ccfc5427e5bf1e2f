import type { SyncMode } from '../../../shared/domain/syncMode';
import type { User } from '../../../shared/domain/user';
import type { UserPlacement } from '../../../shared/ipc/contract';
import type { AccessTables } from './accessRecords';
import { routeChainsToDevice, type RouteChain } from './accessRouting';

/**
 * Why a user is (or should be) on a device: the answer to "who put this user here?" in the
 * device panel. Pure: the engine reads the mode, the users, the access tables and the journal,
 * this decides, with the routing's own chain (`routeChainsToDevice`), so it says exactly what
 * the sync does.
 */
export interface PlacementInputs {
  deviceId: number;
  mode: SyncMode;
  /** The requested IDs, in order, with the master copy's user (undefined: not in it). */
  users: readonly { id: string; user: User | undefined }[];
  tables: AccessTables;
  /** The IDs the device's journal holds: the users the console placed there. */
  placed: ReadonlySet<string>;
}

export function explainPlacements({ deviceId, mode, users, tables, placed }: PlacementInputs): UserPlacement[] {
  // Only Specific devices routes by access group; in the other modes there is no chain to show.
  const chainsByGroup = mode === 'specific' ? routeChainsToDevice(deviceId, tables) : new Map<number, RouteChain[]>();
  return users.map(({ id, user }) => {
    // A user in two groups that reach the device through the same level and door is one chain per group.
    const because = user ? [...new Set(user.accessGroupIds)].flatMap((groupId) => chainsByGroup.get(groupId) ?? []) : [];
    const state = !user ? 'absent' : user.disabled ? 'disabled' : 'enabled';
    // Mirrors the desired state: disabled users are projected to no device (desiredRecord).
    const wanted = state === 'enabled' && (mode !== 'specific' || because.length > 0);
    return { userId: id, placed: placed.has(id), wanted, user: state, mode, because: because.map((chain) => ({ ...chain })) };
  });
}
