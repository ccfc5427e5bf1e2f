import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { ConsoleCore } from './consoleCore';

/** Tests only: resolves when `check` holds, re-checked on every event the core pushes; never sleeps. */
export function untilCore(core: ConsoleCore, check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = core.subscribe({
      emit<K extends EventName>(_name: K, _payload: EventPayload<K>) {
        if (!check()) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      },
    });
  });
}
