import { z } from 'zod';

/*
 * Site traffic: the steady stream of everyday events a virtual site produces on demand (people
 * badging in, doors opening, the odd forced or held door), so the console's monitoring can be
 * watched and measured under load. The virtual gateway's control API (`POST /traffic`) and the
 * contract (`startSiteTraffic`) take the same shapes, defined once here.
 */

/**
 * What the traffic is made of, one kind per event:
 * - `card`: a card presented by a user of the device → verify success (0x1000), or access
 *   denied (0x1900, no access group) for a user without access groups, as a real reader would;
 * - `finger`: a finger presented by a user of the device with a fingerprint → identify success (0x1300) or denied likewise;
 * - `deniedBySchedule`, `deniedByGroup`: a user of the device turned away (0x1900) outside the
 *   schedule of their access levels, or at a door none of their access groups opens;
 * - `doorOpened` (0x5200), `forcedOpen` (0x5400), `heldOpen` (0x5500): at the device's door.
 */
export const trafficKinds = ['card', 'finger', 'deniedBySchedule', 'deniedByGroup', 'doorOpened', 'forcedOpen', 'heldOpen'] as const;
export type TrafficKind = (typeof trafficKinds)[number];

/** Relative weights of the kinds; a kind left out does not occur. */
export type TrafficMix = Partial<Record<TrafficKind, number>>;

/** A busy office building at shift change: mostly badges and doors, a few refusals, rare alarms. */
export const DEFAULT_TRAFFIC_MIX: Readonly<Record<TrafficKind, number>> = {
  card: 40,
  finger: 20,
  deniedBySchedule: 3,
  deniedByGroup: 3,
  doorOpened: 30,
  forcedOpen: 1,
  heldOpen: 3,
};

/** Events per second across the whole site; the console is built for a few thousand (DESIGN.md §5). */
export const MAX_TRAFFIC_RATE = 5_000;

export const trafficMixSchema = z
  .strictObject(Object.fromEntries(trafficKinds.map((kind) => [kind, z.number().min(0).max(1_000_000).optional()])) as Record<TrafficKind, z.ZodOptional<z.ZodNumber>>)
  .refine((mix) => Object.values(mix).some((weight) => weight !== undefined && weight > 0), { message: 'the mix gives no kind a weight above 0' });

export const trafficRequestSchema = z.strictObject({
  /** Events per second across the site. */
  rate: z.number().positive().max(MAX_TRAFFIC_RATE),
  mix: trafficMixSchema.optional(),
});
export type TrafficRequest = z.infer<typeof trafficRequestSchema>;

export const trafficStateSchema = z.strictObject({
  running: z.boolean(),
  /** Events per second asked for; 0 when stopped. */
  rate: z.number().nonnegative(),
  /** The weights in force (the default mix filled in); the last ones used once stopped. */
  mix: z.strictObject(Object.fromEntries(trafficKinds.map((kind) => [kind, z.number().nonnegative()])) as Record<TrafficKind, z.ZodNumber>),
  /** Epoch ms when the stream started; null when stopped. */
  startedAt: z.number().nullable(),
  /** Events logged by the stream since it started (or by the last one, once stopped). */
  generated: z.number().int().nonnegative(),
});
export type TrafficState = z.infer<typeof trafficStateSchema>;
