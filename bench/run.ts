/**
 * `npm run bench -- <name> [options]`: runs one benchmark (or `all`) against the virtual gateway
 * in a child process, printing each figure beside its baseline from the same run.
 */
import { autoSyncBenchmark } from './autoSync';
import { deviceOriginBenchmark } from './deviceOrigin';
import { eventIngestBenchmark } from './eventIngest';
import { eventQueryBenchmark } from './eventQuery';
import { fullSyncBenchmark } from './fullSync';
import { mainMemoryBenchmark } from './mainMemory';
import { reconnectCheckBenchmark } from './reconnectCheck';
import { uiFramesBenchmark } from './uiFrames';

const BENCHMARKS: Record<string, (argv: string[]) => Promise<void>> = {
  'auto-sync': autoSyncBenchmark,
  'device-origin': deviceOriginBenchmark,
  'event-ingest': eventIngestBenchmark,
  'event-query': eventQueryBenchmark,
  'full-sync': fullSyncBenchmark,
  memory: mainMemoryBenchmark,
  'reconnect-check': reconnectCheckBenchmark,
  'ui-frames': uiFramesBenchmark,
};

async function main(): Promise<void> {
  const [name, ...argv] = process.argv.slice(2);
  const chosen = name === 'all' ? Object.keys(BENCHMARKS) : name && name in BENCHMARKS ? [name] : [];
  if (chosen.length === 0) {
    console.error(`usage: npm run bench -- <${[...Object.keys(BENCHMARKS), 'all'].join('|')}> [options]`);
    process.exit(2);
  }
  for (const benchmark of chosen) await BENCHMARKS[benchmark]?.(argv);
  // gRPC keeps timers alive for a while after its channels close; a benchmark is done here.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
