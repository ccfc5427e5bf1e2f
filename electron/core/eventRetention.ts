import { drop } from '../../shared/assert';
import { DAY_MS, DEFAULT_EVENT_RETENTION, EVENT_RETENTION_SETTING, eventRetentionSchema, type EventRetention } from '../../shared/domain/eventRetention';
import type { RequestHandlers } from '../../shared/ipc/contract';
import { sleep } from './concurrency';
import { actor, actorName, OPERATOR } from './operatorEvents';
import type { Store } from './store/store';
import { consoleEvent, type EventWriter } from './sync/syncEvents';

export interface RetentionTuning {
  /** How often the log is pruned; default every minute. */
  everyMs: number;
  /** The first prune after start; default 10 s, once the start-up work has settled. */
  firstAfterMs: number;
  /** Events one step removes (one short transaction of the database host). */
  stepEvents: number;
  /** The pause between two steps, in which the database serves everything else. */
  pauseMs: number;
}

export const DEFAULT_RETENTION_TUNING: RetentionTuning = { everyMs: 60_000, firstAfterMs: 10_000, stepEvents: 2_000, pauseMs: 50 };

export type RetentionHandlers = Pick<RequestHandlers, 'getEventRetention' | 'setEventRetention'>;

/**
 * Keeps the event log within the retention the operator chose (Settings → Event log; default
 * the newest 1,000,000 events and 90 days): every minute, and at once after a change, it asks the
 * database host to remove what is beyond, in steps of a few thousand events with a pause between
 * (`events.prune`), so a large prune never holds the database for long and the events arriving
 * meanwhile are stored between its steps. What was removed is logged as one event per prune.
 */
export class EventRetentionKeeper {
  readonly handlers: RetentionHandlers;
  private readonly tuning: RetentionTuning;
  private readonly stopping = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: EventWriter,
    tuning: Partial<RetentionTuning> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.tuning = { ...DEFAULT_RETENTION_TUNING, ...tuning };
    this.handlers = {
      getEventRetention: () => this.retention(),
      setEventRetention: async (retention, caller) => {
        await this.setRetention(retention, actorName(caller));
        return null;
      },
    };
  }

  start(): void {
    this.schedule(this.tuning.firstAfterMs);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  /** The retention in force: the stored one, else the defaults. */
  async retention(): Promise<EventRetention> {
    const stored = eventRetentionSchema.safeParse(await this.store.settings.get(EVENT_RETENTION_SETTING));
    return stored.success ? stored.data : DEFAULT_EVENT_RETENTION;
  }

  async setRetention(retention: EventRetention, who = OPERATOR): Promise<void> {
    const before = await this.retention();
    await this.store.settings.put(EVENT_RETENTION_SETTING, retention);
    if (before.maxEvents !== retention.maxEvents || before.maxAgeDays !== retention.maxAgeDays) {
      this.events.add(consoleEvent(this.now(), 'events.retentionChanged', 'info', `${actor(who)} changed the event log retention: ${retentionText(before)} → ${retentionText(retention)}`, null));
    }
    // A tighter retention applies now, not within the minute.
    this.schedule(0);
  }

  /** Prunes now (unless a prune is running: then that one's result). Resolves with the events removed. */
  pruneNow(): Promise<number> {
    this.running ??= this.prune().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      drop(
        this.pruneNow().finally(() => this.schedule(this.tuning.everyMs)),
        (error) => console.warn('event log retention: pruning failed; trying again later:', error),
      );
    }, delayMs);
  }

  private async prune(): Promise<number> {
    const retention = await this.retention();
    const olderThan = this.now() - retention.maxAgeDays * DAY_MS;
    let removed = 0;
    for (;;) {
      if (this.stopping.signal.aborted) break;
      const step = await this.store.events.prune({ keepNewest: retention.maxEvents, olderThan, limit: this.tuning.stepEvents });
      removed += step.deleted;
      if (!step.more) break;
      await sleep(this.tuning.pauseMs, this.stopping.signal);
    }
    if (removed > 0) {
      this.events.add(consoleEvent(this.now(), 'events.pruned', 'info', `Event log retention removed ${removed.toLocaleString('en-US')} event(s) (${retentionText(retention)})`, null));
    }
    return removed;
  }
}

export function retentionText(retention: EventRetention): string {
  return `the newest ${retention.maxEvents.toLocaleString('en-US')} events, none older than ${retention.maxAgeDays} day${retention.maxAgeDays === 1 ? '' : 's'}`;
}
