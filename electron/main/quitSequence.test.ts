import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installQuitSequence, stopConsole } from './quitSequence';

/** Electron's app as far as quitting goes: quit() emits 'before-quit' and, unless prevented, quits. */
class FakeApp extends EventEmitter {
  steps: string[] = [];
  exited = false;
  quit(): void {
    this.steps.push('quit()');
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) {
      this.steps.push('quit held back');
      return;
    }
    this.exited = true;
    this.steps.push('exited');
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the quit sequence', () => {
  it('holds the first quit back until the console stopped, then quits for real', async () => {
    const app = new FakeApp();
    const stopping = deferred();
    const stop = vi.fn(() => {
      app.steps.push('stop started');
      return stopping.promise.then(() => void app.steps.push('stop finished'));
    });
    installQuitSequence(app, { stop });
    app.quit();
    await settle();
    expect(app.exited).toBe(false);
    stopping.resolve();
    await settle();
    expect(app.steps).toEqual(['quit()', 'stop started', 'quit held back', 'stop finished', 'quit()', 'exited']);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('stops once when quit is asked again while stopping', async () => {
    const app = new FakeApp();
    const stopping = deferred();
    const stop = vi.fn(() => stopping.promise);
    installQuitSequence(app, { stop });
    app.quit();
    app.quit();
    stopping.resolve();
    await settle();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.exited).toBe(true);
  });

  it('quits anyway, with the reason in the log, when stopping fails', async () => {
    const app = new FakeApp();
    const log = vi.fn();
    installQuitSequence(app, { stop: () => Promise.reject(new Error('store unavailable')), log });
    app.quit();
    await settle();
    expect(app.exited).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('store unavailable'));
  });

  describe('with a stop that hangs', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('quits at the deadline', async () => {
      const app = new FakeApp();
      const log = vi.fn();
      installQuitSequence(app, { stop: () => new Promise(() => undefined), deadlineMs: 1_000, log });
      app.quit();
      await vi.advanceTimersByTimeAsync(999);
      expect(app.exited).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(app.exited).toBe(true);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('did not stop within 1000 ms'));
    });
  });
});

describe('stopping the console', () => {
  it('saves the window, awaits the core, then closes the database link and window', async () => {
    const steps: string[] = [];
    const core = deferred();
    const stopping = stopConsole({
      saveWindowState: () => steps.push('window state saved'),
      runtime: { stop: () => (steps.push('core stopping'), core.promise.then(() => void steps.push('core stopped'))) },
      database: { close: () => steps.push('database link closed') },
      databaseWindow: { stop: () => steps.push('database window closed') },
    });
    await settle();
    expect(steps).toEqual(['window state saved', 'core stopping']);
    core.resolve();
    await stopping;
    expect(steps).toEqual(['window state saved', 'core stopping', 'core stopped', 'database link closed', 'database window closed']);
  });

  it('still closes the database when the core fails to stop, and reports the failure', async () => {
    const closed: string[] = [];
    await expect(
      stopConsole({
        runtime: { stop: () => Promise.reject(new Error('boom')) },
        database: { close: () => closed.push('link') },
        databaseWindow: { stop: () => closed.push('window') },
      }),
    ).rejects.toThrow('boom');
    expect(closed).toEqual(['link', 'window']);
  });

  it('copes with a start that failed half way', async () => {
    await expect(stopConsole({ runtime: null, databaseWindow: null })).resolves.toBeUndefined();
  });
});
