import { PNG } from 'pngjs';
import { ADVANCE, GLYPH_H, GLYPH_W, glyph } from './font.js';

/** An RGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * A plain RGBA raster with the few primitives a line chart needs: filled rectangles,
 * 1-2 px lines (Bresenham), and bitmap text. Encoded to PNG by pngjs (pure JS).
 */
export class Canvas {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = Buffer.alloc(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (Math.floor(y) * this.width + Math.floor(x)) * 4;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
    this.data[i + 3] = 255;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(this.width, Math.floor(x + w));
    const y1 = Math.min(this.height, Math.floor(y + h));
    if (x1 <= x0 || y1 <= y0) return;
    // One row is painted pixel by pixel, the others are copies of it.
    const rowStart = (y0 * this.width + x0) * 4;
    for (let xx = x0; xx < x1; xx++) this.setPixel(xx, y0, c);
    const len = (x1 - x0) * 4;
    for (let yy = y0 + 1; yy < y1; yy++) this.data.copy(this.data, (yy * this.width + x0) * 4, rowStart, rowStart + len);
  }

  /** A line; `thick` 2 doubles it one pixel down so it reads on a phone screen. */
  line(xa: number, ya: number, xb: number, yb: number, c: Rgb, thick = 1): void {
    let x0 = Math.round(xa);
    let y0 = Math.round(ya);
    const x1 = Math.round(xb);
    const y1 = Math.round(yb);
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.setPixel(x0, y0, c);
      if (thick > 1) this.setPixel(x0, y0 + 1, c);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Text with its top-left corner at (x, y). */
  text(x: number, y: number, text: string, c: Rgb, scale = 1): void {
    [...text].forEach((ch, n) => {
      const rows = glyph(ch);
      for (let r = 0; r < GLYPH_H; r++) {
        for (let col = 0; col < GLYPH_W; col++) {
          if ((rows[r]! >> (GLYPH_W - 1 - col)) & 1) this.fillRect(x + (n * ADVANCE + col) * scale, y + r * scale, scale, scale, c);
        }
      }
    });
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = this.data;
    return PNG.sync.write(png, { colorType: 2 });
  }
}
