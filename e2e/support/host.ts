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

/** The administrator the tests' consoles start signed in as (the host's --signed-in-as). */
export const E2E_OPERATOR = 'e2e administrator';

export interface HostOptions {
  /**
   * true (the default): every page and script connection starts signed in as E2E_OPERATOR, so
   * specs about the console itself need no sign-in. false: a first start, as a person sees it.
   */
  signedIn?: boolean;
}

/**
 * Starts the dev/test host as `npm run host` would, on a free port and a fresh data folder.
 * The renderer must already be built (npm test does that first).
 */
export async function startHost(extraArgs: string[] = [], { signedIn = true }: HostOptions = {}): Promise<RunningHost> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-host-'));
  const signIn = signedIn ? ['--signed-in-as', E2E_OPERATOR] : [];
  const host = await startReadyProcess('electron/host/cli.ts', ['--port', '0', '--no-build', '--data-dir', dataDir, ...signIn, ...extraArgs]);
  return {
    url: String(host.ready.url),
    virtualSite: (host.ready.virtualSite as RunningHost['virtualSite']) ?? null,
    async stop() {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
