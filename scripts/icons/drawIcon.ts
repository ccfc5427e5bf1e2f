// The application icon, drawn from geometry: a portcullis (the gate's iron grid, raised a
// little) in a stone arch on a blue tile. Every shape is a signed distance function, so each
// size is drawn directly at its own resolution with exact antialiasing instead of being
// scaled down from the largest one.
import type { RgbaImage } from './png';

/**
 * `macos`: the tile inset within the canvas as macOS app icons are (Apple's grid leaves about
 * 10% on each side). `square`: nearly full-bleed, as Windows and Linux icons are drawn.
 */
export type IconLayout = 'macos' | 'square';

type Rgb = readonly [number, number, number];

const TILE_TOP: Rgb = [31, 78, 121];
const TILE_BOTTOM: Rgb = [15, 42, 68];
const STONE: Rgb = [217, 226, 236];
const OPENING: Rgb = [8, 19, 31];
const IRON: Rgb = [242, 177, 52];

/** Below this many pixels the grid is drawn with fewer, thicker bars so it stays legible. */
const SMALL_ICON_PIXELS = 32;

interface Geometry {
  inset: number;
  tileRadius: number;
  frameThickness: number;
  openingHalfWidth: number;
  springY: number;
  footY: number;
  verticalBars: number;
  verticalBarWidth: number;
  spikeTipY: number;
  spikeLength: number;
  horizontalBarYs: readonly number[];
  horizontalBarThickness: number;
}

function geometry(size: number, layout: IconLayout): Geometry {
  const inset = layout === 'macos' ? 100 / 1024 : 24 / 1024;
  const body = 1 - 2 * inset;
  const at = (fraction: number): number => inset + fraction * body;
  const small = size <= SMALL_ICON_PIXELS;
  return {
    inset,
    tileRadius: (layout === 'macos' ? 0.225 : 0.18) * body,
    frameThickness: (small ? 0.1 : 0.075) * body,
    openingHalfWidth: 0.25 * body,
    springY: at(0.42),
    footY: at(0.88),
    verticalBars: small ? 3 : 5,
    verticalBarWidth: (small ? 0.075 : 0.04) * body,
    spikeTipY: at(small ? 0.8 : 0.78),
    spikeLength: (small ? 0.07 : 0.06) * body,
    horizontalBarYs: small ? [at(0.4), at(0.58)] : [at(0.33), at(0.47), at(0.61)],
    horizontalBarThickness: (small ? 0.065 : 0.035) * body,
  };
}

// Signed distances in canvas units (0..1): negative inside, positive outside.
function roundedBox(x: number, y: number, centreX: number, centreY: number, halfWidth: number, halfHeight: number, radius: number): number {
  const qx = Math.abs(x - centreX) - halfWidth + radius;
  const qy = Math.abs(y - centreY) - halfHeight + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** A round-headed arch: a half-disc on top of a rectangle that reaches down to footY. */
function arch(x: number, y: number, halfWidth: number, springY: number, footY: number): number {
  const shaft = roundedBox(x, y, 0.5, (springY + footY) / 2, halfWidth, (footY - springY) / 2, 0);
  const head = Math.hypot(x - 0.5, y - springY) - halfWidth;
  return Math.min(shaft, head);
}

/** A vertical bar from above the arch down to a pointed tip. */
function spikedBar(x: number, y: number, centreX: number, width: number, tipY: number, spikeLength: number): number {
  const across = Math.abs(x - centreX);
  const half = width / 2;
  const normalLength = Math.hypot(spikeLength, half);
  const slantedEdge = ((across - half) * spikeLength + (y - (tipY - spikeLength)) * half) / normalLength;
  return Math.max(across - half, slantedEdge);
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return [from[0] + (to[0] - from[0]) * amount, from[1] + (to[1] - from[1]) * amount, from[2] + (to[2] - from[2]) * amount];
}

function coverage(distance: number, size: number): number {
  return Math.min(1, Math.max(0, 0.5 - distance * size));
}

export function drawIcon(size: number, layout: IconLayout): RgbaImage {
  const g = geometry(size, layout);
  const data = new Uint8Array(size * size * 4);
  const tileHalf = 0.5 - g.inset;
  const outerHalfWidth = g.openingHalfWidth + g.frameThickness;
  const barSpacing = (2 * g.openingHalfWidth) / g.verticalBars;
  for (let row = 0; row < size; row += 1) {
    const y = (row + 0.5) / size;
    for (let column = 0; column < size; column += 1) {
      const x = (column + 0.5) / size;
      // Premultiplied colour, painted back to front with "over".
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      const paint = (colour: Rgb, amount: number): void => {
        red = colour[0] * amount + red * (1 - amount);
        green = colour[1] * amount + green * (1 - amount);
        blue = colour[2] * amount + blue * (1 - amount);
        alpha = amount + alpha * (1 - amount);
      };

      const shade = Math.min(1, Math.max(0, (y - g.inset) / (1 - 2 * g.inset)));
      paint(mix(TILE_TOP, TILE_BOTTOM, shade), coverage(roundedBox(x, y, 0.5, 0.5, tileHalf, tileHalf, g.tileRadius), size));

      const opening = arch(x, y, g.openingHalfWidth, g.springY, g.footY);
      paint(OPENING, coverage(opening, size));

      // The frame has no bottom edge: the opening it is cut by runs on below the feet.
      const frame = Math.max(arch(x, y, outerHalfWidth, g.springY, g.footY), -arch(x, y, g.openingHalfWidth, g.springY, 2));
      paint(STONE, coverage(frame, size));

      let grid = Number.POSITIVE_INFINITY;
      for (let bar = 0; bar < g.verticalBars; bar += 1) {
        const centreX = 0.5 + (bar - (g.verticalBars - 1) / 2) * barSpacing;
        grid = Math.min(grid, spikedBar(x, y, centreX, g.verticalBarWidth, g.spikeTipY, g.spikeLength));
      }
      for (const barY of g.horizontalBarYs) {
        grid = Math.min(grid, roundedBox(x, y, 0.5, barY, g.openingHalfWidth, g.horizontalBarThickness / 2, 0));
      }
      paint(IRON, coverage(Math.max(grid, opening), size));

      const at = (row * size + column) * 4;
      data[at] = alpha > 0 ? Math.round(red / alpha) : 0;
      data[at + 1] = alpha > 0 ? Math.round(green / alpha) : 0;
      data[at + 2] = alpha > 0 ? Math.round(blue / alpha) : 0;
      data[at + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, data };
}
