import { deviceText } from '../../../../shared/deviceText';
import type { SyncMode } from '../../../../shared/domain/syncMode';
import type { PlacementChain, UserPlacement } from '../../../../shared/ipc/contract';

/** The mode's name for one line of the device panel (the settings panel gives the long label and its explanation). */
export const syncModeShortLabels: Readonly<Record<SyncMode, string>> = {
  'not-used': 'Not used',
  all: 'All devices',
  'all-with-device': 'All devices (including user update from device)',
  specific: 'Specific devices',
};

/** "group Night shift → level Warehouse → door Dock (entry device)". Names are clipped and cleaned like any stored text. */
export function chainText(chain: PlacementChain): string {
  const role = chain.role === 'entry' ? 'entry device' : 'exit device';
  return `group ${deviceText(chain.groupName, 48)} → level ${deviceText(chain.levelName, 48)} → door ${deviceText(chain.doorName, 48)} (${role})`;
}

/** Whether the user is on the device as far as the console knows, and what the next sync does about it. */
export function placementStatus(placement: UserPlacement): string {
  const { placed, wanted } = placement;
  if (placed && wanted) return 'The console placed this user on this device, and the mode keeps them here.';
  if (placed) return 'The console placed this user on this device earlier; they no longer belong here, so the next sync removes them.';
  if (wanted) return 'The console has not placed this user on this device yet; the next sync does.';
  return 'The console has not placed this user on this device, and they do not belong here.';
}

/**
 * Why the mode sends the user here or not. In Specific devices the reasons are the chains (one
 * line each); in the other modes, one sentence: every user goes to every device.
 */
export function placementReason(placement: UserPlacement): { sentence: string; chains: string[] } {
  const mode = syncModeShortLabels[placement.mode];
  if (placement.user === 'absent') return { sentence: 'This user is not in the console.', chains: [] };
  const chains = placement.because.map((chain) => `Placed by ${mode}: ${chainText(chain)}`);
  if (placement.user === 'disabled') return { sentence: 'This user is disabled: disabled users go to no device.', chains };
  if (placement.mode === 'specific') {
    return chains.length > 0 ? { sentence: 'The user’s access groups reach this device:', chains } : { sentence: `${mode}: none of the user’s access groups reaches a door of this device.`, chains: [] };
  }
  if (placement.mode === 'not-used') return { sentence: `Every user goes to every device when it is synced (${mode}: nothing is pushed automatically).`, chains: [] };
  return { sentence: `Every user goes to every device (${mode}).`, chains: [] };
}
