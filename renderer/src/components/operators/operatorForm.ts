import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../../shared/domain/operators';

/** The new-password rules of the contract (newPasswordSchema), on the form's fields, before a request is sent. */
export function passwordProblems(password: string, repeat: string): Record<string, string[]> {
  if (password.length < MIN_PASSWORD_LENGTH) return { password: [`at least ${MIN_PASSWORD_LENGTH} characters`] };
  if (password.length > MAX_PASSWORD_LENGTH) return { password: [`at most ${MAX_PASSWORD_LENGTH} characters`] };
  if (password !== repeat) return { repeat: ['the two passwords differ'] };
  return {};
}
