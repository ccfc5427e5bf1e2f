import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ConsoleCore } from '../electron/core/consoleCore';
import type { DatabaseHostLink } from '../electron/core/store/databaseHostLink';
import { startHostServer, type HostServer } from '../electron/host/hostServer';
import { ensureRendererBuilt } from '../electron/host/rendererBuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The operator's page in Debian's Chromium (headless, an on-disk profile of its own, 1280×800)
 * against the dev/test host's server for `core`: the page's database host worker becomes the
 * Store behind `link`, so the master copy lives in Chromium's IndexedDB, as it does in the app's
 * hidden database window. Used by the UI-frames bench and by the device-origin bench.
 */
export interface OperatorPage {
  page: Page;
  /** What the page threw so far (a bench that sees any fails). */
  errors: string[];
  /** CPU time the browser's processes (this profile's) used so far, ms; null where /proc is not there. */
  cpuMs(): number | null;
  /** Closes the browser and the host's server; stop the core and close the link first (the core may still be writing through the page). */
  close(): Promise<void>;
}

export async function openOperatorPage(core: ConsoleCore, link: DatabaseHostLink): Promise<OperatorPage> {
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  await ensureRendererBuilt(repoRoot, rendererDir);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'portcullis-bench-profile-'));
  let host: HostServer | null = null;
  let context: BrowserContext | null = null;
  const close = async (): Promise<void> => {
    await context?.close();
    await host?.close();
    await rm(profileDir, { recursive: true, force: true });
  };
  try {
    host = await startHostServer({ core, rendererDir, port: 0, onDatabaseHost: link.attach });
    // An on-disk profile: Playwright's default contexts keep IndexedDB in memory, the app does not.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    return { page, errors, cpuMs: () => processesCpuMs(`--user-data-dir=${profileDir}`), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Sums the CPU time of the processes whose command line holds `marker` and of all their
 * descendants (Chromium's renderer, GPU and utility processes do not repeat the profile
 * directory). Linux /proc; clock ticks of 10 ms.
 */
function processesCpuMs(marker: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const processes = new Map<string, { parent: string; ticks: number; marked: boolean }>();
  for (const pid of pids) {
    try {
      // Fields after the command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const marked = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      processes.set(pid, { parent: fields[1] ?? '', ticks: Number(fields[11]) + Number(fields[12]), marked });
    } catch {
      // the process ended meanwhile
    }
  }
  const counted = new Set([...processes].filter(([, process]) => process.marked).map(([pid]) => pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, process] of processes) {
      if (!counted.has(pid) && counted.has(process.parent)) {
        counted.add(pid);
        grew = true;
      }
    }
  }
  return [...counted].reduce((sum, pid) => sum + (processes.get(pid)?.ticks ?? 0), 0) * 10;
}
