import type { Page } from 'playwright-core';

/**
 * Main-thread frame timing inside the page: the interval between consecutive
 * requestAnimationFrame callbacks (a frame the main thread could not start on time shows as a
 * long interval, whatever kept it busy), and the long tasks Chromium reports (≥ 50 ms of one
 * task). The bench has no DOM types (root tsconfig), so the few page globals used are typed here.
 */
export interface FrameRecording {
  intervalsMs: number[];
  longTasksMs: number[];
  /** False when this Chromium has no 'longtask' entries (then longTasksMs is empty, not zero). */
  longTasksSupported: boolean;
}

interface PageScope {
  requestAnimationFrame(callback: (time: number) => void): number;
  PerformanceObserver: {
    new (callback: (list: { getEntries(): { duration: number }[] }) => void): { observe(options: { type: string }): void; disconnect(): void };
    readonly supportedEntryTypes: readonly string[];
  };
  benchFrameRecorder?: { stop(): FrameRecording };
}

/** Starts recording in the page; `stopFrameRecording` ends it and hands the figures over. */
export async function startFrameRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scope = globalThis as unknown as PageScope;
    const intervalsMs: number[] = [];
    const longTasksMs: number[] = [];
    const longTasksSupported = scope.PerformanceObserver.supportedEntryTypes.includes('longtask');
    const observer = longTasksSupported
      ? new scope.PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasksMs.push(entry.duration);
        })
      : null;
    observer?.observe({ type: 'longtask' });
    // Object methods, not named function constants: tsx (esbuild's keepNames) wraps those in a
    // __name() helper that exists in Node but not in the page this code is sent to.
    const recorder = {
      previous: null as number | null,
      running: true,
      onFrame(time: number): void {
        if (!recorder.running) return;
        if (recorder.previous !== null) intervalsMs.push(time - recorder.previous);
        recorder.previous = time;
        scope.requestAnimationFrame((next) => recorder.onFrame(next));
      },
      stop(): FrameRecording {
        recorder.running = false;
        observer?.disconnect();
        return { intervalsMs, longTasksMs, longTasksSupported };
      },
    };
    scope.requestAnimationFrame((time) => recorder.onFrame(time));
    scope.benchFrameRecorder = recorder;
  });
}

export async function stopFrameRecording(page: Page): Promise<FrameRecording> {
  return page.evaluate(() => {
    const recorder = (globalThis as unknown as PageScope).benchFrameRecorder;
    if (recorder === undefined) throw new Error('no frame recording was started in this page');
    return recorder.stop();
  });
}

export interface FrameSummary {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Intervals over 50 ms (the budget's line), as a count. */
  over50Ms: number;
  longTasks: { supported: boolean; count: number; totalMs: number; maxMs: number };
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

export function summarizeFrames(recording: FrameRecording): FrameSummary {
  const sorted = [...recording.intervalsMs].sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    frames: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
    over50Ms: sorted.filter((ms) => ms > 50).length,
    longTasks: {
      supported: recording.longTasksSupported,
      count: recording.longTasksMs.length,
      totalMs: Math.round(recording.longTasksMs.reduce((sum, ms) => sum + ms, 0)),
      maxMs: Math.round(Math.max(0, ...recording.longTasksMs)),
    },
  };
}

export function framesText(summary: FrameSummary): string {
  const longTasks = summary.longTasks.supported
    ? `${summary.longTasks.count} long tasks, ${summary.longTasks.totalMs} ms in all (longest ${summary.longTasks.maxMs} ms)`
    : 'long tasks not reported by this Chromium';
  return (
    `p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms ` +
    `(${summary.frames} frames, ${summary.over50Ms} over 50 ms); ${longTasks}`
  );
}
