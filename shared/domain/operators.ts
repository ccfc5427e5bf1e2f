import { z } from 'zod';

/*
 * The console's operators: the people allowed at the workstation, each with a role. The
 * accounts themselves (with their password hashes) live in the core's own file
 * (electron/core/operators/), never in the database the window reads; these are the shapes the
 * contract carries.
 */

/** From the least to the most allowed: each role may do everything the roles before it may. */
export const operatorRoles = ['monitoringOperator', 'userOperator', 'administrator'] as const;
export type OperatorRole = (typeof operatorRoles)[number];
export const operatorRoleSchema = z.enum(operatorRoles);

export const OPERATOR_ROLE_TEXT: Readonly<Record<OperatorRole, { label: string; explanation: string }>> = {
  administrator: { label: 'Administrator', explanation: 'Everything: settings, operators, devices, users and access rules.' },
  userOperator: {
    label: 'User operator',
    explanation: 'Users, access groups, levels, schedules, doors and zones, and syncing them to the devices; no settings.',
  },
  monitoringOperator: { label: 'Monitoring operator', explanation: 'Reads devices and the event log; changes nothing.' },
};

/** True when `role` may do what `least` may (the roles are ranked, operatorRoles' order). */
export function roleAtLeast(role: OperatorRole, least: OperatorRole): boolean {
  return operatorRoles.indexOf(role) >= operatorRoles.indexOf(least);
}

/** A name is how an operator signs in and how the audit names them; compared without case. */
export const MAX_OPERATOR_NAME = 64;
export const operatorNameSchema = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(MAX_OPERATOR_NAME, `at most ${MAX_OPERATOR_NAME} characters`)
  // Control characters would let a name forge lines in the event log or the CSV export.
  .refine((name) => !/\p{Cc}/u.test(name), { message: 'no control characters' });

/** Long enough to resist guessing at the workstation; bounded so a request cannot make the KDF hash megabytes. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);
/** A password typed to sign in or unlock: any length the KDF accepts (the stored hash decides). */
export const givenPasswordSchema = z.string().min(1, 'a password is needed').max(MAX_PASSWORD_LENGTH);

export const operatorIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** An operator as the window sees one: never the password hash. */
export const operatorViewSchema = z
  .object({
    id: operatorIdSchema,
    name: z.string(),
    role: operatorRoleSchema,
    createdAt: z.number().int().nonnegative(),
  })
  .strict();
export type OperatorView = z.infer<typeof operatorViewSchema>;

/** Who makes a request: the signed-in operator of a session. */
export interface OperatorIdentity {
  readonly id: string;
  readonly name: string;
  readonly role: OperatorRole;
}

/** The screen lock after this many minutes without the operator's input; a setting (Settings → Operators). */
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
export const idleLockMinutesSchema = z.number().int().min(1).max(24 * 60);

/**
 * A session (the Electron window, a WebSocket connection) as its window shows it:
 * - `setup`: no account exists yet; only creating the administrator is possible;
 * - `signedOut`: the sign-in screen;
 * - `locked`: signed in, but idle too long (or locked by hand): only the password again, or
 *   signing out, is possible; the sync runs on meanwhile;
 * - `signedIn`: the console, within the operator's role.
 */
export const sessionViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('setup') }).strict(),
  z.object({ state: z.literal('signedOut') }).strict(),
  z.object({ state: z.literal('locked'), operator: operatorViewSchema }).strict(),
  z.object({ state: z.literal('signedIn'), operator: operatorViewSchema, idleLockMinutes: idleLockMinutesSchema }).strict(),
]);
export type SessionView = z.infer<typeof sessionViewSchema>;
