// Tool: PNG pages → one contact sheet PNG (a grid), for looking at decks and for the README.
// Usage: npx tsx test/tools/contact-sheet.ts OUT.png COLUMNS PAGE.png [PAGE.png …]
import sharp from 'sharp';

const [out, columnsArg, ...pages] = process.argv.slice(2);
if (!out || !pages.length) {
  console.error('usage: contact-sheet OUT.png COLUMNS PAGE.png …');
  process.exit(2);
}
const columns = Number(columnsArg) || 3;
const metas = await Promise.all(pages.map((p) => sharp(p).metadata()));
const cellW = Math.max(...metas.map((m) => m.width!));
const cellH = Math.max(...metas.map((m) => m.height!));
const gapPx = 8;
const rows = Math.ceil(pages.length / columns);
await sharp({
  create: { width: columns * (cellW + gapPx) + gapPx, height: rows * (cellH + gapPx) + gapPx, channels: 3, background: '#d9dde3' },
})
  .composite(pages.map((p, i) => ({ input: p, left: gapPx + (i % columns) * (cellW + gapPx), top: gapPx + Math.floor(i / columns) * (cellH + gapPx) })))
  .png()
  .toFile(out);
console.error(`wrote ${out}`);
