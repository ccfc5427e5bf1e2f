import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, MENU_ITEM_ID } from './appMenu';

function template(platform: NodeJS.Platform, developerTools = false) {
  const showAbout = vi.fn();
  const revealLogs = vi.fn();
  const menu = appMenuTemplate({ platform, appName: 'Portcullis', developerTools, showAbout, revealLogs });
  return { menu, showAbout, revealLogs };
}

const items = (menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] =>
  Array.isArray(menu.submenu) ? menu.submenu : [];
const titles = (menu: MenuItemConstructorOptions[]) => menu.map((item) => item.label ?? item.role);
const roles = (menu: MenuItemConstructorOptions) => items(menu).flatMap((item) => (item.role ? [item.role] : []));
const allItems = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => menu.flatMap((top) => [top, ...allItems(items(top))]);
const byId = (menu: MenuItemConstructorOptions[], id: string) => allItems(menu).filter((item) => item.id === id);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('the application menu', () => {
  it('on macOS: the app menu first, with About, Hide and Quit', () => {
    const { menu } = template('darwin');
    expect(titles(menu)).toEqual(['Portcullis', 'File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(items(menu[0]!)[0]).toMatchObject({ id: MENU_ITEM_ID.about, label: 'About Portcullis' });
    expect(roles(menu[0]!)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles(menu[1]!)).toEqual(['close']);
    expect(roles(menu[4]!)).toEqual(['minimize', 'zoom', 'front']);
  });

  it.each(['win32', 'linux'] as const)('on %s: no app menu; Quit under File, About under Help', (platform) => {
    const { menu } = template(platform);
    expect(titles(menu)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(roles(menu[0]!)).toEqual(['quit']);
    expect(items(menu[4]!).map((item) => item.id).filter(Boolean)).toEqual([MENU_ITEM_ID.about, MENU_ITEM_ID.revealLogs]);
    expect(allItems(menu).some((item) => item.role === 'services')).toBe(false);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('on %s: Edit and View by role, so the system shortcuts work', (platform) => {
    const { menu } = template(platform);
    const edit = menu.find((top) => top.label === 'Edit')!;
    const view = menu.find((top) => top.label === 'View')!;
    expect(roles(edit)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
    expect(roles(view)).toEqual(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('on %s: exactly one About and one Reveal logs, each doing its job', (platform) => {
    const { menu, showAbout, revealLogs } = template(platform);
    expect(byId(menu, MENU_ITEM_ID.about)).toHaveLength(1);
    expect(byId(menu, MENU_ITEM_ID.revealLogs)).toHaveLength(1);
    click(byId(menu, MENU_ITEM_ID.about)[0]);
    expect(showAbout).toHaveBeenCalledTimes(1);
    expect(revealLogs).not.toHaveBeenCalled();
    click(byId(menu, MENU_ITEM_ID.revealLogs)[0]);
    expect(revealLogs).toHaveBeenCalledTimes(1);
  });

  it('offers developer tools only when asked to (an unpackaged build)', () => {
    const roleList = (menu: MenuItemConstructorOptions[]) => allItems(menu).map((item) => item.role);
    expect(roleList(template('linux').menu)).not.toContain('toggleDevTools');
    expect(roleList(template('linux', true).menu)).toContain('toggleDevTools');
  });
});
