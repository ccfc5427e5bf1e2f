// Which icon files the packager reads, at which sizes, from the one drawing in drawIcon.ts.
import { encodeIcns, encodeIco, ICNS_TYPES } from './containers';
import { drawIcon, type IconLayout } from './drawIcon';
import { encodePng, type RgbaImage } from './png';

/** Sizes of the Linux hicolor theme that electron-builder installs from build/icons. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** Sizes in the Windows .ico: the shell's small and large icons at 100–300% scaling. */
export const WINDOWS_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const MACOS_SIZES = [...new Set(ICNS_TYPES.map(([, size]) => size))];

export interface IconFile {
  /** Relative to the repository root. */
  path: string;
  layout: IconLayout;
  sizes: readonly number[];
  encode: (images: ReadonlyMap<number, RgbaImage>) => Buffer;
}

function pick(images: ReadonlyMap<number, RgbaImage>, size: number): RgbaImage {
  const image = images.get(size);
  if (!image) throw new Error(`no ${size}px image`);
  return image;
}

function single(size: number): IconFile['encode'] {
  return (images) => encodePng(pick(images, size));
}

export const ICON_FILES: readonly IconFile[] = [
  // The generic source electron-builder falls back to, and the largest size anywhere.
  { path: 'build/icon.png', layout: 'square', sizes: [1024], encode: single(1024) },
  { path: 'build/icon.ico', layout: 'square', sizes: WINDOWS_SIZES, encode: (images) => encodeIco(WINDOWS_SIZES.map((size) => pick(images, size))) },
  { path: 'build/icon.icns', layout: 'macos', sizes: MACOS_SIZES, encode: encodeIcns },
  ...LINUX_SIZES.map((size): IconFile => ({ path: `build/icons/${size}x${size}.png`, layout: 'square', sizes: [size], encode: single(size) })),
];

/** Draws every size a file needs (once per size and layout) and encodes the file. */
export function renderIconFile(file: IconFile): Buffer {
  return file.encode(new Map(file.sizes.map((size) => [size, drawIcon(size, file.layout)])));
}
