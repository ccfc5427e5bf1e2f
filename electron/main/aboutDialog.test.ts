import type { BrowserWindow, NativeImage } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutDetail, aboutDialogOptions, showAboutDialog } from './aboutDialog';

const facts = {
  appName: 'Portcullis',
  appVersion: '0.1.0',
  versions: { electron: '45.4.1', chrome: '142.0.7444.0', node: '22.20.0', v8: '14.2.1' },
};
const image = (empty: boolean) => ({ isEmpty: () => empty }) as unknown as NativeImage;

describe('the About box', () => {
  it('names the app, Electron, Chromium, Node and V8 versions', () => {
    expect(aboutDetail(facts)).toBe('Version 0.1.0\n\nElectron 45.4.1\nChromium 142.0.7444.0\nNode.js 22.20.0\nV8 14.2.1');
    expect(aboutDetail({ ...facts, versions: {} })).toContain('Electron unknown');
  });

  it('shows the app icon when it could be read, and goes without it otherwise', () => {
    const icon = image(false);
    expect(aboutDialogOptions(facts, icon)).toMatchObject({ type: 'info', title: 'About Portcullis', message: 'Portcullis', icon });
    expect(aboutDialogOptions(facts, image(true))).not.toHaveProperty('icon');
    expect(aboutDialogOptions(facts, null)).not.toHaveProperty('icon');
  });

  it('attaches to the operator window when there is one', async () => {
    const dialog = { showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })) };
    const parent = {} as BrowserWindow;
    await showAboutDialog(dialog, parent, facts, null);
    await showAboutDialog(dialog, null, facts, null);
    expect(dialog.showMessageBox.mock.calls[0]?.[0]).toBe(parent);
    expect(dialog.showMessageBox.mock.calls[1]?.[0]).toMatchObject({ title: 'About Portcullis' });
  });
});
