/** An error's message for the operator (requests reject with Error; anything else is shown as text). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong.';
}
