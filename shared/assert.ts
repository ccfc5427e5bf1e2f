/** Throws when an invariant does not hold; the message says which. */
export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** For the default branch of an exhaustive switch: compile error when a case is missing. */
export function missingCaseError(value: never): Error {
  return new Error(`unhandled case: ${String(value)}`);
}

/** Marks a promise as deliberately not awaited; its failure is logged, never unhandled. */
export function drop(promise: Promise<unknown>, onError: (error: unknown) => void = logDropped): void {
  promise.catch(onError);
}

function logDropped(error: unknown): void {
  console.error('background task failed:', error);
}
