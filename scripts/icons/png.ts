// A PNG writer and reader for the icon generator: 8-bit RGBA only, no dependency. The reader
// reads what the writer writes (and any non-interlaced 8-bit RGBA PNG), which is all the icon
// test needs to compare committed files with a fresh drawing.
import { deflateSync, inflateSync } from 'node:zlib';

/** Straight (not premultiplied) 8-bit RGBA pixels, row by row from the top. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const COLOUR_TYPE_RGBA = 6;
const BYTES_PER_PIXEL = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const typeAndBody = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const out = Buffer.alloc(8 + body.length + 4);
  out.writeUInt32BE(body.length, 0);
  typeAndBody.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndBody), 8 + body.length);
  return out;
}

export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const stride = width * BYTES_PER_PIXEL;
  if (data.length !== stride * height) throw new Error(`pixel data is ${data.length} bytes, not ${stride * height}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(COLOUR_TYPE_RGBA, 9);
  // compression, filter method, interlace: 0, 0, 0
  // Every row uses the "Up" filter: the drawing is mostly flat colour, so a row minus the
  // row above is mostly zeros and deflates well, and a fixed filter keeps the output stable.
  const filtered = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const rowStart = y * (stride + 1);
    filtered[rowStart] = 2;
    for (let x = 0; x < stride; x += 1) {
      const above = y === 0 ? 0 : (data[(y - 1) * stride + x] ?? 0);
      filtered[rowStart + 1 + x] = ((data[y * stride + x] ?? 0) - above) & 0xff;
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filtered, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const toLeft = Math.abs(p - left);
  const toUp = Math.abs(p - up);
  const toUpLeft = Math.abs(p - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

export function decodePng(file: Uint8Array): RgbaImage {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  const compressed: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    }
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== COLOUR_TYPE_RGBA || body[12] !== 0) {
        throw new Error('only non-interlaced 8-bit RGBA PNGs are read here');
      }
    } else if (type === 'IDAT') {
      compressed.push(body);
    }
    offset += 12 + length;
  }
  const filtered = inflateSync(Buffer.concat(compressed));
  const stride = width * BYTES_PER_PIXEL;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = filtered[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const raw = filtered[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= BYTES_PER_PIXEL ? (data[y * stride + x - BYTES_PER_PIXEL] ?? 0) : 0;
      const up = y > 0 ? (data[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= BYTES_PER_PIXEL && y > 0 ? (data[(y - 1) * stride + x - BYTES_PER_PIXEL] ?? 0) : 0;
      const predictor =
        filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft);
      if (filter === undefined || filter > 4) throw new Error(`unknown PNG filter ${String(filter)}`);
      data[y * stride + x] = (raw + predictor) & 0xff;
    }
  }
  return { width, height, data };
}
