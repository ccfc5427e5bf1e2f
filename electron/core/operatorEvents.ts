import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import type { User } from '../../shared/domain/user';
import type { Caller } from '../../shared/ipc/contract';
import { consoleEvent } from './sync/syncEvents';

/*
 * The console's record of the operator's edits of the master data: who (the signed-in
 * operator's name), what (the record, by ID and name), when (the event's
 * time) and a short before → after of what changed. Only names, counts and settings are ever
 * written: card numbers, templates, PIN hashes and photos are said to have changed, never shown.
 */

/**
 * The actor of an edit made without a signed-in operator: in-process callers (tests,
 * benchmarks). Every request from a window runs for a signed-in operator, named by the caller.
 */
export const OPERATOR = 'operator';

/** The name an audit entry gives the one who made a request. */
export function actorName(caller: Caller | undefined): string {
  return caller?.operator?.name ?? OPERATOR;
}

/** A value longer than this is cut in a summary: the message says what changed, not everything it holds. */
const VALUE_CHARS = 40;
/** Changes listed in one summary; the rest are counted. */
const MAX_CHANGES = 6;
/** IDs named in one event about many records. */
const MAX_IDS = 10;

export type AccessKind = 'accessGroup' | 'accessLevel' | 'schedule' | 'door' | 'zone';

export const ACCESS_LABELS: Readonly<Record<AccessKind, { one: string; many: string }>> = {
  accessGroup: { one: 'access group', many: 'access groups' },
  accessLevel: { one: 'access level', many: 'access levels' },
  schedule: { one: 'schedule', many: 'schedules' },
  door: { one: 'door', many: 'doors' },
  zone: { one: 'zone', many: 'zones' },
};

interface NamedRecord {
  id: number;
  name: string;
}

export function userSaved(time: number, before: User | undefined, after: User, who = OPERATOR): ConsoleEvent {
  if (before === undefined) {
    return consoleEvent(time, 'user.added', 'info', `${actor(who)} added user ${after.id} ${quoted(after.name)} (${credentialsText(after)})`, null, after.id);
  }
  const changes = userChanges(before, after);
  const what = changes.length === 0 ? 'no change' : listed(changes);
  return consoleEvent(time, 'user.changed', 'info', `${actor(who)} changed user ${after.id} ${quoted(after.name)}: ${what}`, null, after.id);
}

/** One event for a delete of any size: the first IDs (with the name when there is one user), then a count. */
export function usersDeleted(time: number, ids: readonly string[], only: User | undefined, who = OPERATOR): ConsoleEvent {
  if (ids.length === 1 && ids[0] !== undefined) {
    const name = only ? ` ${quoted(only.name)}` : '';
    return consoleEvent(time, 'user.deleted', 'info', `${actor(who)} deleted user ${ids[0]}${name}`, null, ids[0]);
  }
  return consoleEvent(time, 'user.deleted', 'info', `${actor(who)} deleted ${ids.length} users: ${idList(ids)}`, null);
}

export interface ImportBatch {
  /** 1-based. */
  batch: number;
  batches: number;
  /** CSV data rows (1-based) the batch covers. */
  firstRow: number;
  lastRow: number;
  stored: number;
  /** Of the stored users, how many were new (the rest replaced users with the same ID). */
  added: number;
  refused: number;
}

/** One event per stored batch of an import, never one per user: an import of 100,000 users writes 20. */
export function usersImported(time: number, batch: ImportBatch, who = OPERATOR): ConsoleEvent {
  const part = batch.batches > 1 ? ` (part ${batch.batch} of ${batch.batches}, rows ${count(batch.firstRow)}–${count(batch.lastRow)})` : '';
  const replaced = batch.stored - batch.added;
  const refused = batch.refused > 0 ? `, ${count(batch.refused)} refused` : '';
  return consoleEvent(
    time,
    'user.imported',
    batch.refused > 0 ? 'warning' : 'info',
    `${actor(who)} imported users from CSV${part}: ${count(batch.stored)} stored (${count(batch.added)} new, ${count(replaced)} replaced)${refused}`,
    null,
  );
}

export function accessCreated(time: number, kind: AccessKind, id: number, name: string, who = OPERATOR): ConsoleEvent {
  return consoleEvent(time, `${kind}.created`, 'info', `${actor(who)} created ${ACCESS_LABELS[kind].one} ${id} ${quoted(name)}`, null);
}

export function accessSaved<T extends NamedRecord>(time: number, kind: AccessKind, before: T | undefined, after: T, who = OPERATOR): ConsoleEvent {
  const label = ACCESS_LABELS[kind].one;
  if (before === undefined) return consoleEvent(time, `${kind}.created`, 'info', `${actor(who)} created ${label} ${after.id} ${quoted(after.name)}`, null);
  const changes = recordChanges(before, after);
  const what = changes.length === 0 ? 'no change' : listed(changes);
  return consoleEvent(time, `${kind}.changed`, 'info', `${actor(who)} changed ${label} ${after.id} ${quoted(after.name)}: ${what}`, null);
}

/** `known`: the records as they were, for their names (an ID no longer stored is named by number only). */
export function accessDeleted(time: number, kind: AccessKind, ids: readonly number[], known: readonly NamedRecord[], who = OPERATOR): ConsoleEvent {
  const names = new Map(known.map((record) => [record.id, record.name]));
  const shown = ids.slice(0, MAX_IDS).map((id) => (names.has(id) ? `${id} ${quoted(names.get(id) ?? '')}` : String(id)));
  const more = ids.length > MAX_IDS ? ` (+${count(ids.length - MAX_IDS)} more)` : '';
  const label = ids.length === 1 ? ACCESS_LABELS[kind].one : ACCESS_LABELS[kind].many;
  return consoleEvent(time, `${kind}.deleted`, 'info', `${actor(who)} deleted ${label} ${shown.join(', ')}${more}`, null);
}

/** What changed in a user, by field, in words; secrets only as "changed". */
export function userChanges(before: User, after: User): string[] {
  const changes: string[] = [];
  for (const field of ['name', 'email', 'phone', 'department', 'title'] as const) {
    if (before[field] !== after[field]) changes.push(`${field} ${quoted(before[field])} → ${quoted(after[field])}`);
  }
  if (before.disabled !== after.disabled) changes.push(after.disabled ? 'disabled' : 'enabled');
  if (before.periodStart !== after.periodStart || before.periodEnd !== after.periodEnd) changes.push('validity period changed');
  for (const [field, label] of [['cards', 'cards'], ['fingers', 'fingerprints'], ['faces', 'faces']] as const) {
    const was = JSON.stringify(before[field]);
    const now = JSON.stringify(after[field]);
    if (was === now) continue;
    changes.push(before[field].length === after[field].length ? `${label} replaced` : `${label} ${before[field].length} → ${after[field].length}`);
  }
  if (before.pinHash !== after.pinHash) changes.push(after.pinHash === null ? 'PIN removed' : before.pinHash === null ? 'PIN set' : 'PIN changed');
  if (before.photo !== after.photo) changes.push(after.photo === null ? 'photo removed' : 'photo changed');
  const groupsBefore = [...before.accessGroupIds].sort((a, b) => a - b).join(', ');
  const groupsAfter = [...after.accessGroupIds].sort((a, b) => a - b).join(', ');
  if (groupsBefore !== groupsAfter) changes.push(`access groups ${groupsBefore || 'none'} → ${groupsAfter || 'none'}`);
  return changes;
}

/**
 * What changed in an access record, field by field: a plain value as before → after, a list by
 * its length, anything else as changed. The records hold no secrets, but their lists (a level's
 * doors, a schedule's days) would not fit a line.
 */
export function recordChanges<T extends NamedRecord>(before: T, after: T): string[] {
  const changes: string[] = [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  fields.delete('id');
  for (const field of fields) {
    const was: unknown = (before as Record<string, unknown>)[field];
    const now: unknown = (after as Record<string, unknown>)[field];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const label = words(field);
    if (isPlain(was) && isPlain(now)) changes.push(`${label} ${plainText(was)} → ${plainText(now)}`);
    else if (Array.isArray(was) && Array.isArray(now) && was.length !== now.length) changes.push(`${label} ${was.length} → ${now.length}`);
    else changes.push(`${label} changed`);
  }
  return changes;
}

function credentialsText(user: User): string {
  const parts = [plural(user.cards.length, 'card'), plural(user.fingers.length, 'fingerprint'), plural(user.faces.length, 'face')];
  const groups = user.accessGroupIds.length === 0 ? 'no access group' : `access groups ${[...user.accessGroupIds].sort((a, b) => a - b).join(', ')}`;
  return `${parts.join(', ')}, ${groups}`;
}

function listed(changes: readonly string[]): string {
  const shown = changes.slice(0, MAX_CHANGES).join('; ');
  return changes.length > MAX_CHANGES ? `${shown}; +${changes.length - MAX_CHANGES} more` : shown;
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_IDS).join(', ');
  return ids.length > MAX_IDS ? `${shown} (+${count(ids.length - MAX_IDS)} more)` : shown;
}

function isPlain(value: unknown): value is string | number | boolean | null | undefined {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

function plainText(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'string') return quoted(value);
  return value === null || value === undefined ? 'none' : String(value);
}

function quoted(text: string): string {
  const cut = text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
  return `“${cut}”`;
}

/** "doorSchedules" → "door schedules". */
function words(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "Operator" for the unnamed actor; an operator's name exactly as they gave it. */
export function actor(who: string): string {
  return who === OPERATOR ? 'Operator' : who;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
