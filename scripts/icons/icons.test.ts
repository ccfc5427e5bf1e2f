import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, readIcns, readIco } from './containers';
import { drawIcon } from './drawIcon';
import { ICON_FILES, LINUX_SIZES, WINDOWS_SIZES } from './iconSet';
import { decodePng } from './png';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): Promise<Buffer> => readFile(path.join(repoRoot, file));

describe('the committed icons', () => {
  it('are what the drawing makes now (run `npm run icons` after changing it)', async () => {
    for (const file of ICON_FILES.filter((candidate) => candidate.path.endsWith('.png'))) {
      const committed = decodePng(await read(file.path));
      const size = file.sizes[0]!;
      expect({ file: file.path, width: committed.width, height: committed.height }).toEqual({ file: file.path, width: size, height: size });
      expect(Buffer.from(committed.data).equals(Buffer.from(drawIcon(size, file.layout).data)), file.path).toBe(true);
    }
  });

  it('give Windows every size from 16 to 256 pixels, 256 as PNG and the rest as bitmaps', async () => {
    const entries = readIco(await read('build/icon.ico'));
    expect(entries.map((entry) => [entry.width, entry.height, entry.format])).toEqual(
      WINDOWS_SIZES.map((size) => [size, size, size >= 256 ? 'png' : 'bmp']),
    );
    const largest = entries.find((entry) => entry.width === 256)!;
    expect(Buffer.from(decodePng(largest.bytes).data).equals(Buffer.from(drawIcon(256, 'square').data))).toBe(true);
  });

  it('give macOS every element from 16 to 1024 pixels, drawn on the macOS grid', async () => {
    const elements = readIcns(await read('build/icon.icns'));
    expect(elements.map((element) => element.type)).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const element of elements) {
      const size = ICNS_TYPES.find(([type]) => type === element.type)![1];
      const image = decodePng(element.bytes);
      expect([element.type, image.width]).toEqual([element.type, size]);
    }
    const largest = decodePng(elements.find((element) => element.type === 'ic10')!.bytes);
    expect(Buffer.from(largest.data).equals(Buffer.from(drawIcon(1024, 'macos').data))).toBe(true);
  });

  it('give Linux one PNG per hicolor size and nothing else', async () => {
    const names = (await readdir(path.join(repoRoot, 'build', 'icons'))).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    expect(names).toEqual(LINUX_SIZES.map((size) => `${size}x${size}.png`));
  });
});

describe('the drawing', () => {
  it('is opaque in the middle of the tile and transparent in the corners', () => {
    const image = drawIcon(64, 'square');
    const alphaAt = (x: number, y: number): number => image.data[(y * 64 + x) * 4 + 3]!;
    expect(alphaAt(32, 32)).toBe(255);
    expect(alphaAt(0, 0)).toBe(0);
    // The macOS grid leaves a margin on every side.
    const mac = drawIcon(64, 'macos');
    expect(mac.data[(32 * 64 + 2) * 4 + 3]).toBe(0);
  });
});
