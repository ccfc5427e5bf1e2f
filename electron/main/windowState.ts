import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** Where and how large the operator's window was, in screen coordinates (DIPs). */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  /** The window's normal (not maximized) bounds, so un-maximizing after a restore lands somewhere sensible. */
  bounds: WindowBounds;
  maximized: boolean;
}

/** The file in userData that holds the state. */
export const WINDOW_STATE_FILE = 'window-state.json';

const boundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});
const savedStateSchema = z.object({ bounds: boundsSchema, maximized: z.boolean() });

/** The state last written, or null when there is none or it is not ours (a damaged file means "use the defaults"). */
export function readWindowState(file: string): SavedWindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = savedStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written beside and renamed over, so a crash mid-write never leaves half a file. */
export function writeWindowState(file: string, state: SavedWindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

/** The smallest window the console lays out in. */
export interface MinimumSize {
  width: number;
  height: number;
}

function overlapArea(a: WindowBounds, b: WindowBounds): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * The bounds to open the window at, from the saved ones and the displays there are now (their
 * work areas: the screen minus task bar and dock). A window whose display is gone (a laptop
 * undocked) would open off screen where the operator cannot reach it: if it overlaps no current
 * display, null (open at the default size, centred). Otherwise it goes to the display it overlaps
 * most, shrunk to fit that display's work area and moved fully inside it.
 */
export function restorableBounds(saved: WindowBounds, workAreas: readonly WindowBounds[], minimum: MinimumSize): WindowBounds | null {
  let best: WindowBounds | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(saved, area);
    if (overlap > bestOverlap) {
      best = area;
      bestOverlap = overlap;
    }
  }
  if (!best) return null;
  // Never below the minimum the window itself enforces, nor above the display.
  const width = Math.min(Math.max(saved.width, minimum.width), best.width);
  const height = Math.min(Math.max(saved.height, minimum.height), best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** The part of a BrowserWindow the tracker uses. */
export interface TrackedWindow {
  on(event: 'move' | 'resize' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): WindowBounds;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

export interface WindowStateTracking {
  /** Writes a pending change now (the window closes, the app quits). */
  flush(): void;
}

/**
 * Saves the window's state after it moved or was resized, once it has been still for
 * `debounceMs` (a drag fires 'move' dozens of times a second), and at once when it closes.
 * `flush` (at quit) writes only a change not yet written.
 * A failed write is reported and forgotten: a window that opens at the default place next time
 * is no reason to disturb the operator.
 */
export function trackWindowState(
  window: TrackedWindow,
  options: { save(state: SavedWindowState): void; debounceMs?: number; log?: (message: string) => void },
): WindowStateTracking {
  const debounceMs = options.debounceMs ?? 500;
  const log = options.log ?? ((message: string) => console.warn(message));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;

  function saveNow(always = false): void {
    clearTimeout(timer);
    timer = undefined;
    if ((!pending && !always) || window.isDestroyed()) return;
    pending = false;
    try {
      options.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      log(`the window's size and position were not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function changed(): void {
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(() => saveNow(), debounceMs);
  }

  for (const event of ['move', 'resize', 'maximize', 'unmaximize'] as const) window.on(event, changed);
  // Closing records where the window is even when it never moved, so the next start opens there.
  window.on('close', () => saveNow(true));
  return { flush: () => saveNow() };
}
