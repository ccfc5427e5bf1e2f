// Packs the app as `npm run dist` does, but into electron-builder's unpacked `dir` target and
// around a placeholder Electron distribution (the real binary cannot be downloaded everywhere
// the tests run), then reads what was packed: app.asar must hold the built app and its
// production dependencies and nothing else, and the afterPack hook must have flipped the fuses.
import { extractFile, getRawHeader, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron-builder.config.mjs';
import { PORTCULLIS_FUSES } from './afterPack.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKING_TIMEOUT_MS = 150_000;

/** Where @electron/fuses finds the fuse wire in an Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
/** A fuse's byte on the wire (@electron/fuses' FuseState, which its index does not export). */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;
type FuseByte = (typeof FuseState)[keyof typeof FuseState];
/**
 * The placeholder's wire: nine fuses, one more than @electron/fuses 1.8 names (newer Electron
 * binaries carry more), each we flip set the way the packed app must NOT have it, so a hook
 * that did nothing leaves them all wrong; the others must come out as they went in.
 */
const PLACEHOLDER_WIRE: readonly FuseByte[] = Array.from({ length: 9 }, (_, fuse) => {
  const wanted = (PORTCULLIS_FUSES as Record<number, boolean | undefined>)[fuse];
  return wanted === undefined ? FuseState.ENABLE : wanted ? FuseState.DISABLE : FuseState.ENABLE;
});

const BUILT_APP = [
  'dist/electron/main.mjs',
  'dist/electron/preload.cjs',
  'dist/electron/dbhostPreload.cjs',
  'dist/electron/icon.png',
  'dist/renderer/index.html',
  'dist/renderer/dbhost.html',
];

interface LockPackage {
  dev?: boolean;
  devOptional?: boolean;
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.includes('.test.')) {
      newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/** Builds the app (`npm run build`) unless every output is newer than every source. */
async function ensureAppBuilt(): Promise<void> {
  let builtAt = Number.POSITIVE_INFINITY;
  try {
    for (const file of BUILT_APP) builtAt = Math.min(builtAt, (await stat(path.join(repoRoot, file))).mtimeMs);
  } catch {
    builtAt = 0;
  }
  const sources = await Promise.all([
    ...['electron', 'shared', 'renderer', 'build'].map((dir) => newestSource(path.join(repoRoot, dir))),
    ...['scripts/build.mjs', 'scripts/build-electron.mjs', 'vite.config.ts'].map(async (file) => (await stat(path.join(repoRoot, file))).mtimeMs),
  ]);
  if (builtAt >= Math.max(...sources)) return;
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
}

/** The bytes @electron/fuses looks for: the sentinel, then the wire's version, length and fuses. */
function placeholderFuseWire(): Buffer {
  return Buffer.concat([
    Buffer.from('placeholder Electron binary for the packaging test\n'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([FUSE_WIRE_VERSION, PLACEHOLDER_WIRE.length, ...PLACEHOLDER_WIRE]),
    Buffer.from('\nend of placeholder\n'),
  ]);
}

/** A stand-in for Electron's Linux distribution: an "executable" that carries a fuse wire. */
async function placeholderLinuxElectron(dir: string, version: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await writeFile(path.join(dir, 'electron'), placeholderFuseWire(), { mode: 0o755 });
  await writeFile(path.join(dir, 'version'), version);
  await writeFile(path.join(dir, 'LICENSE'), 'placeholder\n');
}

function plist(entries: Record<string, string>): string {
  const body = Object.entries(entries).map(([key, value]) => `<key>${key}</key><string>${value}</string>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${body}</dict></plist>\n`;
}

/**
 * A stand-in for Electron's macOS distribution: Electron.app with the parts electron-builder
 * renames and rewrites (Info.plists, executables, helpers), and the framework binary that
 * holds the fuse wire.
 */
async function placeholderMacElectron(dir: string, version: string): Promise<void> {
  const contents = path.join(dir, 'Electron.app', 'Contents');
  const put = async (file: string, body: string | Buffer, mode = 0o644): Promise<void> => {
    await mkdir(path.dirname(path.join(contents, file)), { recursive: true });
    await writeFile(path.join(contents, file), body, { mode });
  };
  await put('Info.plist', plist({ CFBundleExecutable: 'Electron', CFBundleIdentifier: 'com.github.Electron', CFBundleName: 'Electron', CFBundleIconFile: 'electron.icns', CFBundleVersion: version }));
  await put('MacOS/Electron', 'placeholder\n', 0o755);
  await put('Resources/electron.icns', 'placeholder\n');
  await put('Frameworks/Electron Framework.framework/Electron Framework', placeholderFuseWire());
  for (const helper of ['Electron Helper', 'Electron Helper (Renderer)', 'Electron Helper (GPU)', 'Electron Helper (Plugin)']) {
    await put(`Frameworks/${helper}.app/Contents/Info.plist`, plist({ CFBundleExecutable: helper, CFBundleIdentifier: 'com.github.Electron.helper', CFBundleName: helper }));
    await put(`Frameworks/${helper}.app/Contents/MacOS/${helper}`, 'placeholder\n', 0o755);
  }
}

let workDir = '';
let electronVersion = '';

/** Packs electron-builder's `dir` target of the given platform around a placeholder Electron. */
async function packDir(platform: Platform, placeholder: (dir: string, version: string) => Promise<void>): Promise<string> {
  const electronDist = path.join(workDir, `electron-dist-${platform.name}`);
  await placeholder(electronDist, electronVersion);
  const output = path.join(workDir, `release-${platform.name}`);
  await build({
    projectDir: repoRoot,
    // x64 on every platform: an arm64 macOS pack would renew its ad-hoc signature with
    // `codesign`, which only macOS has.
    targets: platform.createTarget('dir', Arch.x64),
    publish: 'never',
    // A copy each time: electron-builder normalises the configuration it is given in place.
    config: { ...structuredClone(config), directories: { ...config.directories, output }, electronDist, electronVersion },
  });
  return output;
}

/** Paths inside the archive, relative, with forward slashes on every OS; files only. */
function filesIn(archive: string): string[] {
  return listPackage(archive, { isPack: false })
    .map((entry) => entry.replaceAll('\\', '/').replace(/^\//, ''))
    .filter((entry) => !('files' in statFile(archive, entry)));
}

/** The placeholder's wire as the packed binary has it, against what PORTCULLIS_FUSES asks. */
async function fuseStates(binary: string): Promise<{ actual: Record<string, number | undefined>; expected: Record<string, number> }> {
  const wire = await getCurrentFuseWire(binary);
  const expected: Record<string, number> = {};
  const actual: Record<string, number | undefined> = {};
  PLACEHOLDER_WIRE.forEach((placeholderState, fuse) => {
    const wanted = (PORTCULLIS_FUSES as Record<number, boolean | undefined>)[fuse];
    const name = FuseV1Options[fuse] ?? `fuse ${fuse}`;
    expected[name] = wanted === undefined ? placeholderState : wanted ? FuseState.ENABLE : FuseState.DISABLE;
    actual[name] = wire[fuse as FuseV1Options];
  });
  return { actual, expected };
}

let appOutDir = '';
let asarPath = '';
let asarFiles: string[] = [];

beforeAll(async () => {
  await ensureAppBuilt();
  workDir = await mkdtemp(path.join(tmpdir(), 'portcullis-packaging-'));
  electronVersion = (JSON.parse(await readFile(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  appOutDir = path.join(await packDir(Platform.LINUX, placeholderLinuxElectron), 'linux-unpacked');
  asarPath = path.join(appOutDir, 'resources', 'app.asar');
  asarFiles = filesIn(asarPath);
}, PACKING_TIMEOUT_MS);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const isDependencyFile = (file: string): boolean => file.startsWith('node_modules/');

describe('app.asar of the packed app', () => {
  it('holds exactly the built app outside node_modules: main, preloads, protos, icon, renderer and database host', async () => {
    const built = (await readdir(path.join(repoRoot, 'dist'), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
      .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
    const shipped = asarFiles.filter((file) => !isDependencyFile(file));
    expect(shipped.sort()).toEqual(['package.json', ...built].sort());
    for (const file of BUILT_APP) expect(shipped).toContain(file);
    expect(shipped.some((file) => /^dist\/electron\/proto\/.+\.proto$/.test(file))).toBe(true);
    expect(shipped.some((file) => /^dist\/renderer\/assets\/.+\.js$/.test(file))).toBe(true);
  });

  it('holds no test, TypeScript source, source map or repository folder', () => {
    const ours = asarFiles.filter((file) => !isDependencyFile(file));
    expect(ours.filter((file) => /\.test\.|\.spec\./.test(file))).toEqual([]);
    // Nor do dependencies bring TypeScript or maps: Node never loads them.
    expect(asarFiles.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file))).toEqual([]);
    expect(asarFiles.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(ours.filter((file) => /^(e2e|bench|docs|\.ci|build|scripts|electron|renderer|shared|release|\.cache)\//.test(file))).toEqual([]);
  });

  it('ships main without the test-only helpers of the sim and the core', () => {
    const main = extractFile(asarPath, 'dist/electron/main.mjs').toString('utf8');
    for (const testOnly of ['StreamCollector', 'startSyncHarness', 'openInProcessStore']) {
      expect(main.includes(testOnly), testOnly).toBe(false);
    }
  });

  it('holds every production dependency and every package main imports, and nothing only development needs', async () => {
    const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(await readFile(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
    const shippedPackages = new Set(
      asarFiles.flatMap((file) => {
        const match = /^((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file);
        return match?.[1] ? [match[1]] : [];
      }),
    );
    const topLevel = (name: string): boolean => shippedPackages.has(`node_modules/${name}`);
    expect(Object.keys(manifest.dependencies).filter((name) => !topLevel(name))).toEqual([]);

    const main = extractFile(asarPath, 'dist/electron/main.mjs').toString('utf8');
    const imported = new Set(
      [...main.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g)].map((match) => {
        const specifier = match[1]!;
        return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      }),
    );
    const external = [...imported].filter((name) => !name.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron');
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((name) => !topLevel(name))).toEqual([]);

    // package-lock.json marks `dev` every package that only devDependencies need.
    const developmentOnly = [...shippedPackages].filter((packagePath) => {
      const locked = lock.packages[packagePath];
      return !locked || locked.dev === true || locked.devOptional === true;
    });
    expect(developmentOnly).toEqual([]);
  });
});

describe('the packed Electron binary', () => {
  it('has the fuses the afterPack hook sets, and the others as they were', async () => {
    const binary = path.join(appOutDir, 'portcullis');
    await access(binary);
    const { actual, expected } = await fuseStates(binary);
    expect(actual).toEqual(expected);
  });
});

describe('the packed macOS app', () => {
  let app = '';

  beforeAll(async () => {
    app = path.join(await packDir(Platform.MAC, placeholderMacElectron), 'mac', 'Portcullis.app');
  }, PACKING_TIMEOUT_MS);

  it('says in Info.plist why it asks for the local network, and carries the hash of its app.asar', async () => {
    const infoPlist = await readFile(path.join(app, 'Contents', 'Info.plist'), 'utf8');
    expect(infoPlist).toMatch(/<key>NSLocalNetworkUsageDescription<\/key>\s*<string>[^<]*local network[^<]*<\/string>/);
    // What Electron checks app.asar against when the integrity fuse is on: the SHA-256 of the
    // archive's header.
    const integrity = /<key>Resources\/app\.asar<\/key>\s*<dict>\s*<key>algorithm<\/key>\s*<string>SHA256<\/string>\s*<key>hash<\/key>\s*<string>([0-9a-f]{64})<\/string>/.exec(infoPlist);
    const header = getRawHeader(path.join(app, 'Contents', 'Resources', 'app.asar')).headerString;
    expect(integrity?.[1]).toBe(createHash('sha256').update(header).digest('hex'));
  });

  it('has the icon and the fuses, flipped in the Electron framework', async () => {
    expect((await readFile(path.join(app, 'Contents', 'Resources', 'icon.icns'))).equals(await readFile(path.join(repoRoot, 'build', 'icon.icns')))).toBe(true);
    const { actual, expected } = await fuseStates(app);
    expect(actual).toEqual(expected);
  });
});
