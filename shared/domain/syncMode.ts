import { z } from 'zod';

/**
 * Automatic user synchronization (DESIGN.md §1, Settings → Server → User/Device management): how
 * changes in the console reach devices without the operator pressing Sync.
 */
export const syncModes = ['not-used', 'all', 'all-with-device', 'specific'] as const;
export const syncModeSchema = z.enum(syncModes);
export type SyncMode = z.infer<typeof syncModeSchema>;

/** What a console that never chose a mode does: push nothing by itself (the behaviour before the modes). */
export const DEFAULT_SYNC_MODE: SyncMode = 'not-used';

/** The label operators know from BioStar 2, and one sentence for the settings panel. */
export const SYNC_MODE_TEXT: Readonly<Record<SyncMode, { label: string; explanation: string }>> = {
  'not-used': {
    label: 'Not used',
    explanation: 'The console pushes nothing by itself: devices that differ show the yellow mark until you sync them.',
  },
  all: {
    label: 'All devices',
    explanation: 'Every change to users and access rules goes to every device within seconds, and a device that reconnects is synced at once.',
  },
  'all-with-device': {
    label: 'All devices (including user update from device)',
    explanation: 'As All devices, and users enrolled or edited at a device also come back into the console and go out to the other devices.',
  },
  specific: {
    label: 'Specific devices (only devices belonging to the access group)',
    explanation: 'A user goes only to the devices of the doors the user may open through an access group, and is removed from a device the console placed them on once that no longer holds.',
  },
};

/** Whether the console pushes changes to devices by itself in this mode. */
export function pushesAutomatically(mode: SyncMode): boolean {
  return mode !== 'not-used';
}

/** Whether users enrolled or edited at a device are pulled into the console (DESIGN.md §4). */
export function pullsFromDevices(mode: SyncMode): boolean {
  return mode === 'all-with-device';
}

/**
 * What switching to a mode would write to one device (the preview before applying): users to
 * add, to update and to remove, and about how many bytes go over the wire for the first two.
 */
export const deviceModePreviewSchema = z
  .object({
    key: z.string(),
    deviceId: z.number().int(),
    name: z.string(),
    add: z.number().int().nonnegative(),
    update: z.number().int().nonnegative(),
    remove: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /**
     * Not connected now: the figures are estimated from the console's journal and the model the
     * device had when it was last connected, and the switch reaches it when it is back.
     */
    offline: z.boolean(),
  })
  .strict();
export type DeviceModePreview = z.infer<typeof deviceModePreviewSchema>;

export const syncModePreviewSchema = z
  .object({
    mode: syncModeSchema,
    devices: z.array(deviceModePreviewSchema),
    totals: deviceModePreviewSchema.pick({ add: true, update: true, remove: true, bytes: true }),
    /**
     * Devices not connected now and not seen connected since the console started: their model
     * (and so their records) is unknown until they are back, when the new mode checks and syncs
     * them like any reconnecting device. A device seen before is in `devices`, `offline`.
     */
    notConnected: z.array(deviceModePreviewSchema.pick({ key: true, deviceId: true, name: true })),
  })
  .strict();
export type SyncModePreview = z.infer<typeof syncModePreviewSchema>;
