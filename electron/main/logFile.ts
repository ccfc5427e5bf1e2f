import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFile {
  /** The file being written now (the one "Reveal logs" shows). */
  readonly path: string;
  write(level: LogLevel, message: string): void;
}

export interface LogFileOptions {
  /** The folder: userData/logs in the app. */
  dir: string;
  /** 'portcullis.log'; older files are 'portcullis.log.1', 'portcullis.log.2', ... */
  fileName?: string;
  /** The current file is rotated before it would grow past this. */
  maxBytes?: number;
  /** How many files at most, the current one included. */
  keepFiles?: number;
  now?: () => Date;
}

export const LOG_FILE_NAME = 'portcullis.log';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP_FILES = 3;
/**
 * One entry is cut beyond this: a stack trace fits, a dumped object with a photo or a template
 * in it does not get through whole (DESIGN.md §6 keeps those out of logs at the source; this
 * keeps one careless line from filling the file).
 */
export const MAX_ENTRY_CHARS = 4_000;

/**
 * The main process's log, in a few lines of our own rather than a library: it needs one file,
 * size-based rotation and nothing else. Writes are synchronous on purpose: main logs a few lines
 * a minute at most, and the lines just before a crash are the ones worth having on disk. A log
 * that cannot be written (full disk, folder removed) never takes the console down with it.
 */
export function openLogFile(options: LogFileOptions): LogFile {
  const fileName = options.fileName ?? LOG_FILE_NAME;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keepFiles = Math.max(1, options.keepFiles ?? DEFAULT_KEEP_FILES);
  const now = options.now ?? (() => new Date());
  const current = path.join(options.dir, fileName);
  const older = (index: number) => `${current}.${index}`;
  mkdirSync(options.dir, { recursive: true });
  let size = sizeOf(current);

  function rotate(): void {
    // Each rename replaces the file it lands on, so the oldest falls off the end.
    for (let index = keepFiles - 2; index >= 1; index -= 1) renameIfThere(older(index), older(index + 1));
    if (keepFiles > 1) renameIfThere(current, older(1));
    else rmSync(current, { force: true });
    size = 0;
  }

  return {
    path: current,
    write(level, message) {
      const text = message.length > MAX_ENTRY_CHARS ? `${message.slice(0, MAX_ENTRY_CHARS)} … (${message.length - MAX_ENTRY_CHARS} more characters cut)` : message;
      const line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${text.replace(/\r?\n/g, '\n    ')}\n`;
      const bytes = Buffer.byteLength(line);
      try {
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(current, line, { mode: 0o600 });
        size += bytes;
      } catch {
        // Nowhere left to report it; the console goes on without its log.
      }
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

type ConsoleMethod = (...args: unknown[]) => void;

/**
 * Sends main's console.warn and console.error (every module of the core reports through them)
 * to the log file as well as to the terminal. Answers a function that puts the console back.
 */
export function copyConsoleToLog(target: Pick<Console, 'warn' | 'error'>, log: LogFile): () => void {
  const original = { warn: target.warn, error: target.error };
  const copying = (level: 'warn' | 'error', write: ConsoleMethod): ConsoleMethod => (...args) => {
    log.write(level, format(...args));
    write.apply(target, args);
  };
  target.warn = copying('warn', original.warn);
  target.error = copying('error', original.error);
  return () => {
    target.warn = original.warn;
    target.error = original.error;
  };
}

/** The part of `process` that tells of an error nothing caught. */
export interface UncaughtErrorSource {
  on(event: 'uncaughtExceptionMonitor', listener: (error: Error, origin: string) => void): unknown;
}

/**
 * Writes an error nothing caught in main (a throw, or a rejection nobody handled, which Node
 * raises as one) to the log file before the process acts on it. The monitor event only
 * watches: Electron's own handling (its error dialog) goes on as without it. Synchronous, so
 * the line is on disk even when the process ends right after.
 */
export function logUncaughtErrors(source: UncaughtErrorSource, log: LogFile): void {
  source.on('uncaughtExceptionMonitor', (error, origin) => {
    const what = origin === 'unhandledRejection' ? 'an unhandled promise rejection' : 'an uncaught exception';
    log.write('error', `${what} in main: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
}
