import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { windowLifecycle } from './windowLifecycle';

class FakeWindow extends EventEmitter {
  destroyed = false;
  minimized = false;
  focused = 0;
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => {
    this.minimized = false;
  };
  focus = () => {
    this.focused += 1;
  };
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

function lifecycle(platform: NodeJS.Platform) {
  const windows: FakeWindow[] = [];
  const quit = vi.fn();
  const keeper = windowLifecycle({ platform, createWindow: () => (windows.push(new FakeWindow()), windows.at(-1)!), quit });
  return { keeper, windows, quit };
}

describe('the operator window lifecycle', () => {
  it('on macOS closing the window keeps the console running, and activate opens a new window', () => {
    const { keeper, windows, quit } = lifecycle('darwin');
    keeper.show().close();
    expect(quit).not.toHaveBeenCalled();
    expect(keeper.current()).toBeNull();
    expect(keeper.show()).toBe(windows[1]);
    expect(windows).toHaveLength(2);
  });

  it.each(['win32', 'linux'] as const)('on %s closing the window quits', (platform) => {
    const { keeper, quit } = lifecycle(platform);
    keeper.show().close();
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('brings an open window forward instead of opening a second one', () => {
    const { keeper, windows } = lifecycle('linux');
    const window = keeper.show();
    window.minimized = true;
    expect(keeper.show()).toBe(window);
    expect(windows).toHaveLength(1);
    expect(window).toMatchObject({ minimized: false, focused: 1 });
  });
});
