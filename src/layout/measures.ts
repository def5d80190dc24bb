// Layout stage: how well a laid-out slide uses its room, computed from its boxes — the share of the
// body the content covers, how full each panel or card is, and any box outside the safe margins.
// Text counts for the lines it sets (measured with the deck's fonts at its fitted size), not for its
// whole box. Pure over the font files.
//
//   coverage  = area of the union of content (text as set, charts, shapes) ∩ body / body area
//   panel fill = area of the union of what lies on the panel ∩ panel / panel area   (≥ 0.5: not half empty)
//   empty band = height of the tallest run of body rows with no content in them / body height
import { PT_PER_IN } from '../fonts/layout-text.js';
import type { BoxIn, DeckLayoutMeasures, LaidOutDeck, LaidOutSlide, SlideBox, SlideLayoutMeasures } from '../ir.js';
import { layoutBoxText } from './boxes.js';
import { MARGIN_IN, MASTER, SLIDE_WIDTH_IN } from './geometry.js';

/** Content stays inside these: the side margins, the top margin, and above the master's footer band. */
export const SAFE_AREA: BoxIn = { x: MARGIN_IN, y: 0.4, w: SLIDE_WIDTH_IN - 2 * MARGIN_IN, h: MASTER.content.footer.y - 0.4 };
/** The body of a content slide: from under the title rule to the footer band. */
export const BODY_AREA: BoxIn = { x: MARGIN_IN, y: 1.8, w: SLIDE_WIDTH_IN - 2 * MARGIN_IN, h: MASTER.content.footer.y - 1.8 };
/** A panel whose content covers less than this share of it is "more than half empty". */
export const MIN_PANEL_FILL = 0.5;

const CELL_IN = 0.05;

/** Where a box's content actually is: text as set (its lines' height and widest line), others whole. */
function contentRegion(box: SlideBox, deck: Pick<LaidOutDeck, 'brand' | 'locale'>): BoxIn {
  if (box.type !== 'text') return box.box;
  const set = layoutBoxText(box, box.fontSizePt, deck.brand, deck.locale);
  const insetIn = (box.insetPt ?? 0) / PT_PER_IN;
  const h = Math.min(box.box.h, set.heightPt / PT_PER_IN + 2 * insetIn);
  const w = Math.min(box.box.w, set.widthRatio * (box.box.w - 2 * insetIn) + 2 * insetIn);
  const y = box.valign === 'middle' ? box.box.y + (box.box.h - h) / 2 : box.box.y;
  return { x: box.box.x, y, w, h };
}

/** Area of the union of `regions` inside `within`, square inches (on a 0.05 in grid). */
function unionArea(regions: BoxIn[], within: BoxIn): number {
  const { grid, cols, rows, cw, ch } = rasterize(regions, within);
  let n = 0;
  for (let i = 0; i < cols * rows; i++) n += grid[i];
  return n * cw * ch;
}

/** The tallest run of grid rows of `within` that no region touches, as a share of its height. */
function emptyBandShare(regions: BoxIn[], within: BoxIn): number {
  const { grid, cols, rows } = rasterize(regions, within);
  let [run, best] = [0, 0];
  for (let y = 0; y < rows; y++) {
    const empty = grid.subarray(y * cols, (y + 1) * cols).every((v) => v === 0);
    run = empty ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best / rows;
}

function rasterize(regions: BoxIn[], within: BoxIn): { grid: Uint8Array; cols: number; rows: number; cw: number; ch: number } {
  const cols = Math.max(1, Math.round(within.w / CELL_IN));
  const rows = Math.max(1, Math.round(within.h / CELL_IN));
  const cw = within.w / cols;
  const ch = within.h / rows;
  const grid = new Uint8Array(cols * rows);
  for (const r of regions) {
    const c0 = Math.max(0, Math.floor((r.x - within.x) / cw + 1e-9));
    const c1 = Math.min(cols, Math.ceil((r.x + r.w - within.x) / cw - 1e-9));
    const r0 = Math.max(0, Math.floor((r.y - within.y) / ch + 1e-9));
    const r1 = Math.min(rows, Math.ceil((r.y + r.h - within.y) / ch - 1e-9));
    for (let y = r0; y < r1; y++) grid.fill(1, y * cols + c0, y * cols + Math.max(c0, c1));
  }
  return { grid, cols, rows, cw, ch };
}

const inside = (a: BoxIn, b: BoxIn, eps = 1e-6) => a.x >= b.x - eps && a.y >= b.y - eps && a.x + a.w <= b.x + b.w + eps && a.y + a.h <= b.y + b.h + eps;
const boxName = (b: SlideBox) => (b.type === 'text' ? b.id : b.type === 'chart' ? 'chart' : (b.name ?? `${b.shape}`));

export function measureSlideLayout(laid: LaidOutSlide, index: number, deck: Pick<LaidOutDeck, 'brand' | 'locale'>): SlideLayoutMeasures {
  const content = laid.boxes.filter((b) => !(b.type === 'text' && b.placeholder));
  const regions = content.map((b) => ({ box: b, region: contentRegion(b, deck) }));
  const cover = laid.spec.kind === 'title' || laid.spec.kind === 'section';
  const area = cover ? SAFE_AREA : BODY_AREA;
  const bodyCoverage = unionArea(regions.map((r) => r.region), area) / (area.w * area.h);
  const panelFill = content
    .filter((b) => b.type === 'shape' && b.panel)
    .map((panel) => {
      const on = regions.filter((r) => r.box !== panel && !(r.box.type === 'shape' && r.box.panel) && inside(r.box.box, panel.box)).map((r) => r.region);
      return unionArea(on, panel.box) / (panel.box.w * panel.box.h);
    });
  const outsideSafeArea = laid.boxes.filter((b) => !inside(b.box, SAFE_AREA)).map(boxName);
  const emptyBand = emptyBandShare(regions.map((r) => r.region), area);
  return { slide: index + 1, kind: laid.spec.kind, bodyCoverage: round3(bodyCoverage), panelFill: panelFill.map(round3), outsideSafeArea, emptyBand: round3(emptyBand) };
}

export function measureDeckLayout(deck: LaidOutDeck): DeckLayoutMeasures {
  const slides = deck.slides.map((s, i) => measureSlideLayout(s, i, deck));
  const content = slides.filter((s) => s.kind !== 'title' && s.kind !== 'section');
  return {
    slides,
    meanBodyCoverage: round3(content.reduce((a, s) => a + s.bodyCoverage, 0) / Math.max(1, content.length)),
    minPanelFill: Math.min(1, ...slides.flatMap((s) => s.panelFill)),
    outsideSafeArea: slides.reduce((a, s) => a + s.outsideSafeArea.length, 0),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
