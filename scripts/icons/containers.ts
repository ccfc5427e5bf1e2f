// The Windows .ico and macOS .icns containers around the drawn sizes. Both formats are a
// directory of images; we write them ourselves (a few dozen lines) rather than add a package.
import { encodePng, type RgbaImage } from './png';

const ICO_HEADER_BYTES = 6;
const ICO_ENTRY_BYTES = 16;
const BITMAPINFOHEADER_BYTES = 40;

/**
 * A 32-bit BMP (DIB) as an .ico stores it: height doubled (colour rows, then the 1-bit AND
 * mask), rows bottom-up, BGRA. Sizes below 256 are stored this way, not as PNG, because older
 * readers of .ico (the NSIS installer's own icon among them) expect bitmaps there.
 */
function icoBitmap(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const maskStride = Math.ceil(width / 32) * 4;
  const out = Buffer.alloc(BITMAPINFOHEADER_BYTES + width * height * 4 + maskStride * height);
  out.writeUInt32LE(BITMAPINFOHEADER_BYTES, 0);
  out.writeInt32LE(width, 4);
  out.writeInt32LE(height * 2, 8);
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  // compression BI_RGB (0), image size, resolution, palette: zeros
  let offset = BITMAPINFOHEADER_BYTES;
  for (let y = height - 1; y >= 0; y -= 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      out[offset] = data[at + 2] ?? 0;
      out[offset + 1] = data[at + 1] ?? 0;
      out[offset + 2] = data[at] ?? 0;
      out[offset + 3] = data[at + 3] ?? 0;
      offset += 4;
    }
  }
  // The AND mask stays all zeros: the alpha channel is the transparency.
  return out;
}

export interface IcoEntry {
  width: number;
  height: number;
  format: 'png' | 'bmp';
  bytes: Buffer;
}

export function encodeIco(images: readonly RgbaImage[]): Buffer {
  const bodies = images.map((image) => (image.width >= 256 ? encodePng(image) : icoBitmap(image)));
  const header = Buffer.alloc(ICO_HEADER_BYTES + ICO_ENTRY_BYTES * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let dataOffset = header.length;
  images.forEach((image, index) => {
    const entry = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * index;
    const body = bodies[index] ?? Buffer.alloc(0);
    header.writeUInt8(image.width >= 256 ? 0 : image.width, entry); // 0 means 256
    header.writeUInt8(image.height >= 256 ? 0 : image.height, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(body.length, entry + 8);
    header.writeUInt32LE(dataOffset, entry + 12);
    dataOffset += body.length;
  });
  return Buffer.concat([header, ...bodies]);
}

export function readIco(file: Buffer): IcoEntry[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const entries: IcoEntry[] = [];
  for (let index = 0; index < file.readUInt16LE(4); index += 1) {
    const entry = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * index;
    const bytes = file.subarray(file.readUInt32LE(entry + 12), file.readUInt32LE(entry + 12) + file.readUInt32LE(entry + 8));
    entries.push({
      width: file.readUInt8(entry) || 256,
      height: file.readUInt8(entry + 1) || 256,
      format: bytes.readUInt32BE(0) === 0x89504e47 ? 'png' : 'bmp',
      bytes,
    });
  }
  return entries;
}

/**
 * The PNG-holding .icns element types (macOS 10.7 and later) and the pixel size each holds.
 * Retina types hold twice the point size: ic11 is 16 pt at 2x, so 32 pixels.
 */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
] as const satisfies readonly (readonly [string, number])[];

export function encodeIcns(imagesBySize: ReadonlyMap<number, RgbaImage>): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const image = imagesBySize.get(size);
    if (!image) throw new Error(`no ${size}px image for the .icns element ${type}`);
    const png = encodePng(image);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([header, ...elements]);
}

export function readIcns(file: Buffer): { type: string; bytes: Buffer }[] {
  if (file.toString('latin1', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length) throw new Error('not an .icns file');
  const elements: { type: string; bytes: Buffer }[] = [];
  for (let offset = 8; offset < file.length; ) {
    const length = file.readUInt32BE(offset + 4);
    elements.push({ type: file.toString('latin1', offset, offset + 4), bytes: file.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return elements;
}
