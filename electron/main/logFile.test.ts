import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { copyConsoleToLog, logUncaughtErrors, MAX_ENTRY_CHARS, openLogFile } from './logFile';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portcullis-logs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = () => new Date('2026-11-23T06:00:00.000Z');

describe('the log file', () => {
  it('appends timestamped lines, creating the folder', async () => {
    const logs = path.join(dir, 'logs');
    const log = openLogFile({ dir: logs, now: at });
    log.write('warn', 'gateway-1 unreachable');
    log.write('error', 'two\nlines');
    expect(log.path).toBe(path.join(logs, 'portcullis.log'));
    expect(await readFile(log.path, 'utf8')).toBe(
      '2026-11-23T06:00:00.000Z WARN  gateway-1 unreachable\n2026-11-23T06:00:00.000Z ERROR two\n    lines\n',
    );
  });

  it('rotates before the file would pass the size, keeping the newest files only', async () => {
    const log = openLogFile({ dir, maxBytes: 200, keepFiles: 3, now: at });
    // Each line is 50 bytes: four fit in a file.
    const line = (n: number) => `line ${String(n).padStart(13, '0')}`;
    for (let n = 0; n < 20; n += 1) log.write('info', line(n));
    expect((await readdir(dir)).sort()).toEqual(['portcullis.log', 'portcullis.log.1', 'portcullis.log.2']);
    const content = async (name: string) => (await readFile(path.join(dir, name), 'utf8')).split('\n').filter(Boolean);
    expect(await content('portcullis.log')).toHaveLength(4);
    expect((await content('portcullis.log'))[3]).toContain(line(19));
    expect((await content('portcullis.log.1'))[0]).toContain(line(12));
    expect((await content('portcullis.log.2'))[0]).toContain(line(8));
    for (const name of await readdir(dir)) expect((await readFile(path.join(dir, name))).length).toBeLessThanOrEqual(200);
  });

  it('counts what an earlier run left in the file', async () => {
    await writeFile(path.join(dir, 'portcullis.log'), 'x'.repeat(190));
    const log = openLogFile({ dir, maxBytes: 200, now: at });
    log.write('info', 'the first line of this run');
    expect(await readFile(path.join(dir, 'portcullis.log.1'), 'utf8')).toBe('x'.repeat(190));
    expect(await readFile(log.path, 'utf8')).toContain('the first line of this run');
  });

  it('cuts an entry that is too long', async () => {
    const log = openLogFile({ dir, now: at });
    log.write('warn', 'a'.repeat(MAX_ENTRY_CHARS) + 'b'.repeat(10_000));
    const text = await readFile(log.path, 'utf8');
    expect(text).not.toContain('b');
    expect(text).toContain('(10000 more characters cut)');
  });

  it('never throws when the file cannot be written', async () => {
    const log = openLogFile({ dir, now: at });
    await rm(dir, { recursive: true, force: true });
    await writeFile(dir, 'a file where the folder was');
    expect(() => log.write('error', 'lost')).not.toThrow();
  });
});

describe('copying the console to the log', () => {
  it('writes warn and error to the file and still to the terminal, until put back', async () => {
    const log = openLogFile({ dir, now: at });
    const terminal = { warn: vi.fn(), error: vi.fn() };
    const restore = copyConsoleToLog(terminal, log);
    terminal.warn('retrying %s in %d ms', 'gateway-1', 500);
    terminal.error(new Error('boom'));
    restore();
    terminal.warn('after');
    const text = await readFile(log.path, 'utf8');
    expect(text).toContain('WARN  retrying gateway-1 in 500 ms');
    expect(text).toContain('ERROR Error: boom');
    expect(text).not.toContain('after');
    expect(terminal.warn).toHaveBeenCalledWith('retrying %s in %d ms', 'gateway-1', 500);
    expect(terminal.error).toHaveBeenCalledTimes(1);
  });

  it('writes an error nothing caught in main, with its stack and where it came from', async () => {
    const log = openLogFile({ dir, now: at });
    const processLike = new EventEmitter();
    logUncaughtErrors(processLike, log);
    const thrown = new Error('gateway list malformed');
    processLike.emit('uncaughtExceptionMonitor', thrown, 'uncaughtException');
    processLike.emit('uncaughtExceptionMonitor', new Error('stream reset'), 'unhandledRejection');
    const text = await readFile(log.path, 'utf8');
    expect(text).toContain('ERROR an uncaught exception in main: Error: gateway list malformed');
    expect(text).toContain('logFile.test.ts');
    expect(text).toContain('ERROR an unhandled promise rejection in main: Error: stream reset');
  });
});
