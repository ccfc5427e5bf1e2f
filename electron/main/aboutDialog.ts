import type { BrowserWindow, Dialog, MessageBoxOptions, NativeImage } from 'electron';

export interface AboutFacts {
  appName: string;
  /** app.getVersion(): the package's version. */
  appVersion: string;
  /** process.versions in main: electron, chrome, node, v8, ... */
  versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>;
}

/** The text of the About box: what support asks for first when something misbehaves. */
export function aboutDetail(facts: AboutFacts): string {
  const unknown = (version: string | undefined) => version ?? 'unknown';
  return [
    `Version ${facts.appVersion}`,
    '',
    `Electron ${unknown(facts.versions.electron)}`,
    `Chromium ${unknown(facts.versions.chrome)}`,
    `Node.js ${unknown(facts.versions.node)}`,
    `V8 ${unknown(facts.versions.v8)}`,
  ].join('\n');
}

/**
 * The About box as a native message box (rather than a window of its own: nothing to sandbox,
 * no page to load, and it reads the same on every platform). `icon` is the app icon when its
 * file could be read; a missing icon (a build without build/icon.png) just shows the box without it.
 */
export function aboutDialogOptions(facts: AboutFacts, icon: NativeImage | null): MessageBoxOptions {
  return {
    type: 'info',
    title: `About ${facts.appName}`,
    message: facts.appName,
    detail: aboutDetail(facts),
    buttons: ['OK'],
    ...(icon && !icon.isEmpty() ? { icon } : {}),
  };
}

/** Shows it, attached to the operator's window when there is one (a sheet on macOS). */
export async function showAboutDialog(
  dialog: Pick<Dialog, 'showMessageBox'>,
  parent: BrowserWindow | null,
  facts: AboutFacts,
  icon: NativeImage | null,
): Promise<void> {
  const options = aboutDialogOptions(facts, icon);
  await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}
