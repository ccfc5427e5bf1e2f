import type { Store } from './store/store';
import { consoleEvent, type EventWriter } from './sync/syncEvents';

/** The setting that says a console is running on this database; an orderly stop clears it. */
export const CONSOLE_RUNNING_SETTING = 'console.running';

export const UNCLEAN_SHUTDOWN_MESSAGE =
  'The console was not shut down properly last time (killed, crashed or the power went): each device’s log is read again from where it was handled, and each device is checked against its journal before anything is written';

/**
 * Tells the operator when the console before this one was killed rather than stopped. A console
 * marks the database as in use when it starts and clears the mark when it stops in order
 * (`ConsoleCore.stop`, which the shells' quit sequences run); a mark found at start was left by
 * one that never got there. What it was doing is not lost (the journal and the event cursors
 * are stored as work is confirmed), but its last log lines may be, so the log says why the
 * catch-up and the checks that follow the start re-read and re-check what they do.
 */
export class RunMarker {
  /** The start's mark, while this console runs (null before start and once stopped). */
  private marked: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: EventWriter,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs an unclean end of the previous console, if any, and marks this one as running. */
  started(): Promise<void> {
    this.marked = (async () => {
      if ((await this.store.settings.get(CONSOLE_RUNNING_SETTING)) === true) {
        this.events.add(consoleEvent(this.now(), 'console.uncleanShutdown', 'warning', UNCLEAN_SHUTDOWN_MESSAGE, null));
      }
      await this.store.settings.put(CONSOLE_RUNNING_SETTING, true);
    })();
    return this.marked;
  }

  /** The orderly end: the next start finds no mark. A second stop has nothing to clear. */
  async stopped(): Promise<void> {
    const marked = this.marked;
    if (!marked) return;
    this.marked = null;
    // A start whose mark failed (no database) leaves nothing to clear; one still writing is waited for.
    if (await marked.then(() => true, () => false)) await this.store.settings.put(CONSOLE_RUNNING_SETTING, false);
  }
}
