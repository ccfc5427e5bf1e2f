/** The part of a BrowserWindow the lifecycle uses. */
export interface OperatorWindow {
  on(event: 'closed', listener: () => void): unknown;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface WindowLifecycleOptions<W extends OperatorWindow> {
  platform: NodeJS.Platform;
  createWindow(): W;
  quit(): void;
}

export interface WindowLifecycle<W extends OperatorWindow> {
  /** Brings the operator's window forward, opening a new one when it was closed (dock icon, second instance). */
  show(): W;
  current(): W | null;
}

/**
 * One operator window at a time. Closing it on macOS leaves the console running (the sync goes
 * on, the dock icon stays, 'activate' opens the window again), as Mac apps do; on Windows and
 * Linux closing it quits. That cannot be left to 'window-all-closed': the hidden database window
 * is always open, so that event never fires.
 */
export function windowLifecycle<W extends OperatorWindow>(options: WindowLifecycleOptions<W>): WindowLifecycle<W> {
  let window: W | null = null;
  return {
    current: () => window,
    show() {
      if (window && !window.isDestroyed()) {
        if (window.isMinimized()) window.restore();
        window.focus();
        return window;
      }
      const created = options.createWindow();
      window = created;
      created.on('closed', () => {
        if (window === created) window = null;
        if (options.platform !== 'darwin') options.quit();
      });
      return created;
    },
  };
}
