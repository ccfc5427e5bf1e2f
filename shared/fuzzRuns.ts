/** shared/ is also compiled for the browser, where there is no `process`. */
interface MaybeNode {
  process?: { env?: Record<string, string | undefined> };
}

/**
 * For the fuzz tests: how many cases a property runs. The normal test run takes `base` (the
 * fuzz tests together run more than 10,000 cases in a few seconds); `FUZZ_SCALE=20 npx vitest run
 * <file>` runs twenty times as many, for a longer hunt.
 */
export function fuzzRuns(base: number): number {
  const scale = Number((globalThis as MaybeNode).process?.env?.FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
