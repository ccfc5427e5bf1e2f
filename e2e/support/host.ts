import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReadyProcess } from './readyProcess';

export interface RunningHost {
  url: string;
  /** The embedded virtual site's ports, when the host started one. */
  virtualSite: { grpcPort: number; controlPort: number } | null;
  stop(): Promise<void>;
}

/**
 * Starts the dev/test host as `npm run host` would, on a free port and a fresh data folder.
 * The renderer must already be built (npm test does that first).
 */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-host-'));
  const host = await startReadyProcess('electron/host/cli.ts', ['--port', '0', '--no-build', '--data-dir', dataDir, ...extraArgs]);
  return {
    url: String(host.ready.url),
    virtualSite: (host.ready.virtualSite as RunningHost['virtualSite']) ?? null,
    async stop() {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
