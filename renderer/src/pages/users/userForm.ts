import { blankUser, cardKey, userProblems, type Card, type User, type UserProblem } from '../../../../shared/domain/user';
import type { FieldErrors } from '../../components/FieldError';
import { cardHexProblem, hexToBase64 } from '../../lib/hex';
import { dateInputFromSeconds, secondsFromDateInput } from '../../lib/timeText';

/** CSN cards (G-SDK CardType 1), as the CSV import adds them. */
export const CSN_CARD = 1;

/** What the user editor holds: text as typed, turned into a User only on save. */
export interface UserForm {
  id: string;
  name: string;
  email: string;
  phone: string;
  department: string;
  title: string;
  /** "YYYY-MM-DD" or ''. */
  periodStart: string;
  periodEnd: string;
  disabled: boolean;
  cards: Card[];
  /** A card number being typed, added on "Add card" (or on save). */
  cardHex: string;
  accessGroupIds: number[];
}

/** The form's fields; a problem on anything else (fingers, photo, ...) is shown for the whole form. */
export const userFormFields = ['id', 'name', 'email', 'phone', 'department', 'title', 'periodStart', 'periodEnd', 'disabled', 'cards', 'accessGroupIds'] as const;
export type UserFormField = (typeof userFormFields)[number] | 'form';

export function emptyUserForm(): UserForm {
  return formFromUser(blankUser(''));
}

export function formFromUser(user: User): UserForm {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    department: user.department,
    title: user.title,
    periodStart: dateInputFromSeconds(user.periodStart),
    periodEnd: dateInputFromSeconds(user.periodEnd),
    disabled: user.disabled,
    cards: user.cards,
    cardHex: '',
    accessGroupIds: user.accessGroupIds,
  };
}

/** The form field a problem belongs to: "cards.0.data" → "cards"; unknown fields → "form". */
export function formFieldOf(problemField: string): UserFormField {
  const head = problemField.split('.')[0] ?? '';
  return (userFormFields as readonly string[]).includes(head) ? (head as UserFormField) : 'form';
}

/** Problems grouped by form field, each message once. */
export function errorsByField(problems: readonly UserProblem[]): FieldErrors {
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    const list = (errors[formFieldOf(problem.field)] ??= []);
    if (!list.includes(problem.message)) list.push(problem.message);
  }
  return errors;
}

/** Adds the typed card; a problem (for field "cards") when it is not a card number or already listed. */
export function addCard(form: UserForm): { form: UserForm; problem: UserProblem | null } {
  const problem = cardHexProblem(form.cardHex);
  if (problem !== null) return { form, problem: { field: 'cards', message: problem } };
  const card: Card = { type: CSN_CARD, data: hexToBase64(form.cardHex) ?? '' };
  if (form.cards.some((c) => cardKey(c) === cardKey(card))) return { form, problem: { field: 'cards', message: 'this card is already listed' } };
  return { form: { ...form, cards: [...form.cards, card], cardHex: '' }, problem: null };
}

export interface UserFromForm {
  /** The record to send, or null when the form has problems. */
  user: User | null;
  problems: UserProblem[];
}

/**
 * The record the form describes, on top of `base` (the stored user when editing, so what the
 * form does not show — fingerprints, faces, PIN, photo — is kept), checked with the same rules
 * the core applies (userProblems) so most mistakes are shown before anything is sent.
 */
export function userFromForm(form: UserForm, base: User | null, now = Date.now()): UserFromForm {
  const problems: UserProblem[] = [];
  let cards = form.cards;
  if (form.cardHex.trim() !== '') {
    const added = addCard(form);
    if (added.problem !== null) problems.push(added.problem);
    else cards = added.form.cards;
  }
  const periodStart = secondsFromDateInput(form.periodStart);
  const periodEnd = secondsFromDateInput(form.periodEnd);
  if (periodStart === undefined) problems.push({ field: 'periodStart', message: 'the start is not a date' });
  if (periodEnd === undefined) problems.push({ field: 'periodEnd', message: 'the end is not a date' });
  const id = base?.id ?? form.id.trim();
  const user: User = {
    ...(base ?? blankUser(id, now)),
    id,
    name: form.name.trim(),
    email: form.email.trim(),
    phone: form.phone.trim(),
    department: form.department.trim(),
    title: form.title.trim(),
    periodStart: periodStart ?? null,
    periodEnd: periodEnd ?? null,
    disabled: form.disabled,
    cards,
    accessGroupIds: form.accessGroupIds,
    updatedAt: now,
  };
  problems.push(...userProblems(user));
  return { user: problems.length === 0 ? user : null, problems };
}
