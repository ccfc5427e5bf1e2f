import type { App } from 'electron';

/**
 * Who the running app is to Windows: the installer's appId (electron-builder.config.mjs), which
 * electron-builder's NSIS shortcuts carry as their AppUserModelID. A process without it gets one
 * Windows derives from the executable's path, so the window would not group with its pinned or
 * Start-menu shortcut (a second taskbar icon, Electron's instead of ours).
 */
export const APP_USER_MODEL_ID = 'io.portcullis.console';

/** Claims the ID on Windows, before any window exists; elsewhere there is no such thing. */
export function claimAppIdentity(app: Pick<App, 'setAppUserModelId'>, platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
