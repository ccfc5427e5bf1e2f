import { writeFile } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';

/**
 * What the page's main thread did during a pass (Chrome DevTools Protocol), for finding out why
 * frames are late: a CPU profile (which functions) and a trace of the main thread's tasks, whose
 * wall time beside their CPU time tells page work from a thread that was ready but waiting for a
 * CPU. Both cost frames themselves, so a profiled pass is never the one whose figures count.
 */
export interface PageProfiler {
  stop(fileStem: string): Promise<PageProfile>;
}

export interface SelfTime {
  /** "function (file:line)", or V8's own buckets: (program), (garbage collector), (idle). */
  frame: string;
  ms: number;
}

export interface PageProfile {
  selfTimes: SelfTime[];
  /** Main-thread tasks of 50 ms or more: their wall time, and the CPU time the thread really got. */
  longTasks: { count: number; wallMs: number; cpuMs: number };
  /** Inside those tasks: self time of each kind of trace event (Layout, FunctionCall, ...), wall and CPU. */
  longTaskParts: { name: string; wallMs: number; cpuMs: number }[];
}

/** A Chrome trace event: times in µs; `tdur` is the thread's CPU time. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: { url?: string }[] } };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink'];
const LONG_TASK_US = 50_000;

export async function startPageProfiler(page: Page): Promise<PageProfiler> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  // Chromium's own trace format (documented by the Trace Event Format), read only for figures.
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const tracingComplete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES, enableSampling: false } });
  await session.send('Profiler.enable');
  // 200 µs: fine enough to see what a 50 ms frame is made of.
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    async stop(fileStem) {
      const { profile } = await session.send('Profiler.stop');
      await session.send('Tracing.end');
      await tracingComplete;
      await session.detach();
      await writeFile(`${fileStem}.cpuprofile`, JSON.stringify(profile));
      await writeFile(`${fileStem}.trace.json`, JSON.stringify({ traceEvents: events }));

      const nodeFrame = new Map<number, string>();
      for (const node of profile.nodes) {
        const { functionName, url, lineNumber } = node.callFrame;
        const where = url === '' ? '' : ` (${url.replace(/^.*\//, '')}:${lineNumber + 1})`;
        nodeFrame.set(node.id, `${functionName === '' ? '(anonymous)' : functionName}${where}`);
      }
      const samples = profile.samples ?? [];
      const deltas = profile.timeDeltas ?? [];
      const totals = new Map<string, number>();
      // timeDeltas[i] is the time since the previous sample: it belongs to sample i.
      for (let i = 0; i < samples.length; i++) {
        const frame = nodeFrame.get(samples[i] ?? -1) ?? '(unknown)';
        totals.set(frame, (totals.get(frame) ?? 0) + (deltas[i] ?? 0) / 1000);
      }
      return { selfTimes: sortedTimes(totals), ...longTasksOfMainThread(events) };
    },
  };
}

function sortedTimes(totals: Map<string, number>): SelfTime[] {
  return [...totals].map(([frame, ms]) => ({ frame, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms);
}

/** The page's main thread is the CrRendererMain whose process also ran the page's own script. */
function longTasksOfMainThread(events: readonly TraceEvent[]): Pick<PageProfile, 'longTasks' | 'longTaskParts'> {
  const mainThreads = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const busiest = mainThreads
    .map((thread) => ({ thread, tasks: events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.name === 'RunTask' && event.ph === 'X') }))
    .sort((a, b) => b.tasks.length - a.tasks.length)[0];
  if (busiest === undefined) return { longTasks: { count: 0, wallMs: 0, cpuMs: 0 }, longTaskParts: [] };
  const { pid, tid } = busiest.thread;
  const long = busiest.tasks.filter((task) => (task.dur ?? 0) >= LONG_TASK_US);
  const onThread = events
    .filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.name !== 'RunTask')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time: an event's time minus that of the events nested in it (complete events nest).
  const parts = new Map<string, { wall: number; cpu: number }>();
  let taskIndex = 0;
  const open: TraceEvent[] = [];
  const addSelf = (event: TraceEvent, wall: number, cpu: number): void => {
    const part = parts.get(event.name) ?? { wall: 0, cpu: 0 };
    parts.set(event.name, { wall: part.wall + wall, cpu: part.cpu + cpu });
  };
  for (const event of onThread) {
    while (taskIndex < long.length && (long[taskIndex]?.ts ?? 0) + (long[taskIndex]?.dur ?? 0) <= event.ts) taskIndex += 1;
    const task = long[taskIndex];
    if (task === undefined) break;
    if (event.ts < task.ts) continue;
    while (open.length > 0 && (open.at(-1)?.ts ?? 0) + (open.at(-1)?.dur ?? 0) <= event.ts) open.pop();
    const parent = open.at(-1);
    addSelf(event, event.dur ?? 0, event.tdur ?? 0);
    if (parent !== undefined) addSelf(parent, -(event.dur ?? 0), -(event.tdur ?? 0));
    open.push(event);
  }
  const longTaskParts = [...parts]
    .map(([name, part]) => ({ name, wallMs: Math.round(part.wall / 1000), cpuMs: Math.round(part.cpu / 1000) }))
    .sort((a, b) => b.wallMs - a.wallMs);
  return {
    longTasks: {
      count: long.length,
      wallMs: Math.round(long.reduce((sum, task) => sum + (task.dur ?? 0), 0) / 1000),
      cpuMs: Math.round(long.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000),
    },
    longTaskParts,
  };
}
