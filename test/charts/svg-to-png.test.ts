import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PNG_PX_PER_IN, svgToPng } from '../../src/charts/index.js';

/** A plain SVG `w` × `h` CSS px: a white ground and a dark bar across its middle. */
const svg = (w: number, h: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#FFFFFF"/><rect x="${w / 4}" y="${h / 4}" width="${w / 2}" height="${h / 2}" fill="#1F2933"/></svg>`;

describe('svgToPng', () => {
  it('gives the placed size in pixels when librsvg draws it at that size', async () => {
    // 2 in × 96 = 192 CSS px; at 200 px per inch librsvg draws exactly 400 × 200.
    const { png, widthPx, heightPx } = await svgToPng(svg(192, 96), 2, 1);
    expect([widthPx, heightPx]).toEqual([2 * PNG_PX_PER_IN, PNG_PX_PER_IN]);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', widthPx, heightPx]);
  });

  it('pins the placed size when librsvg draws the SVG at another one, and the bytes do not vary', async () => {
    // An SVG 100 × 50 CSS px placed at 1.1 × 0.4 in: librsvg draws 208 × 104, the slide wants 220 × 80.
    const first = await svgToPng(svg(100, 50), 1.1, 0.4);
    expect([first.widthPx, first.heightPx]).toEqual([220, 80]);
    const meta = await sharp(first.png).metadata();
    expect([meta.width, meta.height]).toEqual([220, 80]);
    // The bar is stretched with the picture: dark in the centre, white at the corner.
    const { data, info } = await sharp(first.png).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect(at(110, 40)).toBeLessThan(64);
    expect(at(2, 2)).toBeGreaterThan(240);
    const again = await svgToPng(svg(100, 50), 1.1, 0.4);
    expect(again.png.equals(first.png)).toBe(true);
  });
});
