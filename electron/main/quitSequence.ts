/** The part of Electron's `app` the quit sequence uses. */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitSequenceOptions {
  /** Everything that must end before the process does (stopConsole below). */
  stop(): Promise<void>;
  /** A stop that hangs must not keep the app from quitting for ever. */
  deadlineMs?: number;
  log?: (message: string) => void;
}

/**
 * Quitting, whoever asks (the menu, Cmd+Q, the last window on Windows and Linux, the OS): the
 * first 'before-quit' is held back (preventDefault) while the console stops, then the app quits
 * again and that one goes through. Before windows close, so the hidden database window is still
 * there to take the last writes. A second request while stopping (an impatient Cmd+Q) waits
 * with the first. If stopping fails or passes the deadline, the reason is logged and the app
 * quits anyway: a console that cannot be closed is worse than one whose last batch is re-sent
 * at the next start (the journal only records what a device confirmed).
 */
export function installQuitSequence(app: QuittingApp, options: QuitSequenceOptions): void {
  const deadlineMs = options.deadlineMs ?? 15_000;
  const log = options.log ?? ((message: string) => console.error(message));
  let state: 'running' | 'stopping' | 'stopped' = 'running';

  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        log(`the console did not stop within ${deadlineMs} ms; quitting anyway`);
        resolve();
      }, deadlineMs);
    });
    const stopped = options.stop().catch((error: unknown) => {
      log(`the console did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    });
    void Promise.race([stopped, timedOut]).then(() => {
      clearTimeout(deadline);
      state = 'stopped';
      app.quit();
    });
  });
}

/** What the console is made of, in main; each may be absent when the start failed half way. */
export interface ConsoleParts {
  /** Saves the window's size and place if it changed since the last write. */
  saveWindowState?(): void;
  /** The core: gateway streams closed, the sync's batch in flight finished, events written. */
  runtime?: { stop(): Promise<void> } | null;
  /** The core's link to the database host: fails what is still pending (nothing, once the core stopped). */
  database?: { close(): void };
  /** The hidden database window, closed for good. */
  databaseWindow?: { stop(): void } | null;
}

/**
 * The order matters: the core stops first and awaits its writes (ConsoleCore.stop ends the
 * sync after its current batch and flushes the event writer through the database host); only
 * then are the link and the database window closed, so no write is cut half way.
 */
export async function stopConsole(parts: ConsoleParts): Promise<void> {
  parts.saveWindowState?.();
  try {
    await parts.runtime?.stop();
  } finally {
    parts.database?.close();
    parts.databaseWindow?.stop();
  }
}
