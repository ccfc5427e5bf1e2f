import type { MenuItemConstructorOptions } from 'electron';

/** Menu item IDs the shell (and its end-to-end test) looks items up by. */
export const MENU_ITEM_ID = { about: 'about', revealLogs: 'reveal-logs' } as const;

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Developer tools are for an unpackaged build: in the shipped app they would let anyone at the desk script the console. */
  developerTools: boolean;
  showAbout(): void;
  revealLogs(): void;
}

/**
 * The native application menu as a template (Menu.buildFromTemplate makes it), apart so its
 * contents are tested per platform. Roles give the usual items their system labels and keyboard
 * shortcuts (Cmd/Ctrl+C, +Z, +Q, ...); without the Edit menu macOS would not even copy and
 * paste in the page's inputs. macOS gets its app menu (About, Hide, Quit) and the Window menu
 * of the platform; elsewhere About sits under Help and Quit under File.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { id: MENU_ITEM_ID.about, label: `About ${options.appName}`, click: () => options.showAbout() };
  const revealLogs: MenuItemConstructorOptions = {
    id: MENU_ITEM_ID.revealLogs,
    label: mac ? 'Reveal Logs in Finder' : 'Show Logs in Folder',
    click: () => options.revealLogs(),
  };
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };
  const fileMenu: MenuItemConstructorOptions = { label: 'File', submenu: mac ? [{ role: 'close' }] : [{ role: 'quit' }] };
  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.developerTools ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const helpMenu: MenuItemConstructorOptions = { role: 'help', submenu: mac ? [revealLogs] : [about, separator, revealLogs] };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
