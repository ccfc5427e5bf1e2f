/**
 * Gathers the devices of many master-data changes into few sync requests: it hands them over
 * `quietMs` after the last change, and no later than `maxWaitMs` after the first one of a burst,
 * so a steady stream of edits still reaches the devices within seconds.
 */
export class ChangeCoalescer {
  private readonly pending = new Set<string>();
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private deadlineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly timing: { quietMs: number; maxWaitMs: number },
    private readonly flush: (keys: string[]) => void,
  ) {}

  add(keys: Iterable<string>): void {
    for (const key of keys) this.pending.add(key);
    if (this.pending.size === 0) return;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.hand(), this.timing.quietMs);
    this.deadlineTimer ??= setTimeout(() => this.hand(), this.timing.maxWaitMs);
  }

  /** Drops what is pending (the mode changed, or the engine stops). */
  clear(): void {
    this.pending.clear();
    this.cancelTimers();
  }

  private hand(): void {
    this.cancelTimers();
    const keys = [...this.pending];
    this.pending.clear();
    if (keys.length > 0) this.flush(keys);
  }

  private cancelTimers(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.quietTimer = null;
    this.deadlineTimer = null;
  }
}
