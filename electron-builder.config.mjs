// @ts-check
// electron-builder's configuration: `npm run dist` (scripts/packaging/dist.mjs) builds the
// installer of the platform it runs on. Resources live in build/; the fuses are flipped by
// scripts/packaging/afterPack.mjs. scripts/packaging/packaging.test.ts packs the unpacked app
// with this configuration and checks what app.asar holds.

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'io.portcullis.console',
  productName: 'Portcullis',
  copyright: 'Copyright © Portcullis',
  directories: { buildResources: 'build', output: 'release' },
  // What ships: the built app and the manifest. electron-builder adds the production
  // dependencies (package.json "dependencies") itself; nothing else of the repository goes in
  // (sources, tests, e2e/, bench/, docs/, build/). Source maps stay out: they would carry the
  // whole TypeScript source, and nothing reads them at run time. So do the TypeScript sources
  // and declarations some dependencies publish (zod's src/, @types/*): Node never loads them.
  files: ['package.json', 'dist/electron/**/*', 'dist/renderer/**/*', '!**/*.map', '!**/node_modules/**/*.{ts,mts,cts,tsx}'],
  asar: true,
  // No dependency has native code, so there is nothing to rebuild against Electron's headers
  // (and rebuilding would download them). Turn this on if a native module is ever added.
  npmRebuild: false,
  afterPack: './scripts/packaging/afterPack.mjs',
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',

  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
  nsis: {
    // An assisted installer: the operator sees the licence and options pages and may choose
    // where it goes. Per user by default (no administrator needed), with the choice of all
    // users offered on the same page.
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Portcullis',
    installerIcon: 'build/icon.ico',
    uninstallerIcon: 'build/icon.ico',
    // The console's database lives in the user's profile; an uninstall must not erase it.
    deleteAppDataOnUninstall: false,
  },

  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.business',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    extendInfo: {
      // macOS 15 asks the operator before an app may reach the local network; devices and
      // gateways are there, so the question must say why.
      NSLocalNetworkUsageDescription:
        'Portcullis connects to the access-control devices and device gateways on your local network to keep them in step with the master copy.',
    },
  },
  dmg: {
    icon: 'build/icon.icns',
  },

  linux: {
    target: ['AppImage'],
    icon: 'build/icons',
    category: 'Network',
    synopsis: 'Console for access-control device fleets',
    executableName: 'portcullis',
  },
};

export default config;
