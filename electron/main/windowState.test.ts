import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readWindowState, restorableBounds, trackWindowState, writeWindowState, type SavedWindowState, type WindowBounds } from './windowState';

const MINIMUM = { width: 900, height: 560 };
const laptop: WindowBounds = { x: 0, y: 0, width: 1440, height: 870 };
const monitorOnTheRight: WindowBounds = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('restoring the window state', () => {
  it('restores bounds that fit on a current display as they were', () => {
    const saved = { x: 100, y: 50, width: 1200, height: 700 };
    expect(restorableBounds(saved, [laptop], MINIMUM)).toEqual(saved);
  });

  it('drops bounds whose display is gone, so the window does not open off screen', () => {
    const onTheUnpluggedMonitor = { x: 1800, y: 100, width: 1280, height: 800 };
    expect(restorableBounds(onTheUnpluggedMonitor, [laptop], MINIMUM)).toBeNull();
    expect(restorableBounds(onTheUnpluggedMonitor, [laptop, monitorOnTheRight], MINIMUM)).toEqual(onTheUnpluggedMonitor);
  });

  it('moves a window that sticks out back inside the display it overlaps most', () => {
    const straddling = { x: 1300, y: -40, width: 1280, height: 800 };
    expect(restorableBounds(straddling, [laptop, monitorOnTheRight], MINIMUM)).toEqual({ x: 1440, y: 0, width: 1280, height: 800 });
  });

  it('shrinks a window larger than the display to the display, and never below the minimum', () => {
    expect(restorableBounds({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop], MINIMUM)).toEqual(laptop);
    expect(restorableBounds({ x: 10, y: 10, width: 200, height: 100 }, [laptop], MINIMUM)).toEqual({ x: 10, y: 10, width: 900, height: 560 });
  });
});

describe('the window state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'portcullis-window-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips, and reads a missing, damaged or foreign file as none', async () => {
    const file = path.join(dir, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    const state: SavedWindowState = { bounds: { x: -1200, y: 30, width: 1100, height: 700 }, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    await writeFile(file, '{"bounds":{"x":1');
    expect(readWindowState(file)).toBeNull();
    await writeFile(file, JSON.stringify({ bounds: { x: 'left', y: 0, width: 1, height: 1 }, maximized: false }));
    expect(readWindowState(file)).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ bounds: { x: 'left' } });
  });
});

class FakeWindow extends EventEmitter {
  bounds: WindowBounds = { x: 0, y: 0, width: 1280, height: 800 };
  maximized = false;
  destroyed = false;
  getNormalBounds(): WindowBounds {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

describe('tracking the window', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once the window has been still for the debounce time, not at every move', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, { save, debounceMs: 500 });
    for (let x = 0; x < 20; x += 1) {
      window.bounds = { ...window.bounds, x };
      window.emit('move');
      vi.advanceTimersByTime(100);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith({ bounds: { x: 19, y: 0, width: 1280, height: 800 }, maximized: false });
  });

  it('saves at once when the window closes, without waiting for the debounce', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    trackWindowState(window, { save, debounceMs: 500 });
    window.maximized = true;
    window.emit('maximize');
    window.emit('close');
    expect(save).toHaveBeenCalledWith({ bounds: window.bounds, maximized: true });
    vi.advanceTimersByTime(1_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves at close even when the window never moved; a flush saves only a change not yet written', () => {
    const window = new FakeWindow();
    const save = vi.fn();
    const tracking = trackWindowState(window, { save, debounceMs: 500 });
    tracking.flush();
    expect(save).not.toHaveBeenCalled();
    window.emit('resize');
    tracking.flush();
    tracking.flush();
    expect(save).toHaveBeenCalledTimes(1);
    window.emit('close');
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('reports a failed write instead of throwing', () => {
    const window = new FakeWindow();
    const log = vi.fn();
    const tracking = trackWindowState(window, { save: () => { throw new Error('disk full'); }, log });
    window.emit('resize');
    expect(() => tracking.flush()).not.toThrow();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('disk full'));
  });
});
