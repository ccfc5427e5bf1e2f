import type { z } from 'zod';
import type { FieldErrors } from '../../components/FieldError';

/**
 * What every access-control form shares: text as typed → a record of shared/domain/access.ts,
 * with each problem on its field. The domain's zod schema (the same one the core and the
 * database host apply) has the last word; the checks before it say things in the operator's
 * words.
 */
export interface FormResult<T> {
  record: T | null;
  errors: FieldErrors;
}

const NAME_MAX = 48;

export class Problems {
  readonly errors: Record<string, string[]> = {};
  add(field: string, message: string): void {
    const list = (this.errors[field] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

export function checkName(name: string, problems: Problems): void {
  const trimmed = name.trim();
  if (trimmed === '') problems.add('name', 'enter a name');
  else if ([...trimmed].length > NAME_MAX) problems.add('name', `a name is at most ${NAME_MAX} characters`);
}

/** A whole number typed into a field, or null when the text is not one in [min, max]. */
export function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/** The form field a path into the record belongs to; by default its first segment. */
export type FieldOf = (path: readonly PropertyKey[]) => string;
const firstSegment: FieldOf = (path) => String(path[0] ?? 'form');

/** Validates with the domain schema; each issue lands on the field `fieldOf` names. */
export function finish<T>(schema: z.ZodType<T>, candidate: unknown, problems: Problems, fieldOf: FieldOf = firstSegment): FormResult<T> {
  if (!problems.empty) return { record: null, errors: problems.errors };
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { record: parsed.data, errors: {} };
  for (const issue of parsed.error.issues) problems.add(fieldOf(issue.path), issue.message);
  return { record: null, errors: problems.errors };
}
