import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** This process's memory, in MB, read after a full garbage collection. */
export interface MemoryReading {
  rssMB: number;
  heapUsedMB: number;
}

/**
 * `process.memoryUsage()` after a forced GC, so what is read is what is still held rather than
 * what the collector has not got to yet. Node gives `gc` only with --expose-gc; without the flag
 * the function is taken from a fresh context after turning the flag on (V8 then installs it there).
 */
export function memoryAfterGc(): MemoryReading {
  const collect = globalThis.gc ?? exposedGc();
  // Twice: the first pass finalises what the second then frees (weak references, finalizers).
  collect();
  collect();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: toMB(rss), heapUsedMB: toMB(heapUsed) };
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  const collect: unknown = runInNewContext('gc');
  if (typeof collect !== 'function') throw new Error('this Node cannot expose its garbage collector');
  return () => {
    collect();
  };
}

function toMB(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
