import { writeFile } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';

/**
 * A CPU profile of the page's main thread (Chrome DevTools Protocol), for finding out which page
 * work runs while frames are late. The profiler itself costs frames, so a profiled pass is never
 * the one whose figures count.
 */
export interface PageProfiler {
  stop(file: string): Promise<SelfTime[]>;
}

export interface SelfTime {
  /** "function (url:line)", or Chromium's own buckets: (program), (garbage collector), (idle). */
  frame: string;
  ms: number;
}

export async function startPageProfiler(page: Page): Promise<PageProfiler> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  // 200 µs: fine enough to see what a 50 ms frame is made of.
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.send('Profiler.stop');
      await session.detach();
      await writeFile(file, JSON.stringify(profile));
      const nodeFrame = new Map<number, string>();
      for (const node of profile.nodes) {
        const { functionName, url, lineNumber } = node.callFrame;
        const where = url === '' ? '' : ` (${url.replace(/^.*\//, '')}:${lineNumber + 1})`;
        nodeFrame.set(node.id, `${functionName === '' ? '(anonymous)' : functionName}${where}`);
      }
      const totals = new Map<string, number>();
      const samples = profile.samples ?? [];
      const deltas = profile.timeDeltas ?? [];
      // timeDeltas[i] is the time since the previous sample: it belongs to sample i.
      for (let i = 0; i < samples.length; i++) {
        const frame = nodeFrame.get(samples[i] ?? -1) ?? '(unknown)';
        totals.set(frame, (totals.get(frame) ?? 0) + (deltas[i] ?? 0) / 1000);
      }
      return [...totals]
        .map(([frame, ms]) => ({ frame, ms: Math.round(ms) }))
        .sort((a, b) => b.ms - a.ms);
    },
  };
}
