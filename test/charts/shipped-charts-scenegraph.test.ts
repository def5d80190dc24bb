// Every chart of every shipped deck (3 decks × 6 locales, brand harbor: both brands share the type
// rules, and the brand's minimum is the same 12 pt), run headless through vega and read from its
// scenegraph: no text smaller than the audience's minimum (deck manifest `type.chartMinPt`, never
// under the brand's), no answer label over three lines, the parts of a split question on one value
// scale, non-answers last, and the talk at most eight answers a chart with the rest named. Each
// chart is the request the pipeline draws: bound with chartFits, in the box its slide's layout gives.
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileChartSpec, installTextMetrics, prepareSpec } from '../../src/charts/index.js';
import { CSS_PX_PER_IN } from '../../src/charts/chart-config.js';
import { numberLocaleFor } from '../../src/charts/number-locale.js';
import { measureTextWidthPx } from '../../src/fonts/index.js';
import type { ChartRequest } from '../../src/ir.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { TEMPLATES } from '../helpers.js';
import { chartRequestsOf, shippedChartDecks, type BoundChartDeck } from './shipped-chart-requests.js';

interface Scene {
  /** Every drawn text; `x1`/`x2` in px from the picture's left edge. */
  texts: { text: string; role: string; fontSizePx: number; lines: number; x1: number; x2: number }[];
  /**
   * The value label of every bar (a datum with a share), as the renderer draws it: `text` as drawn,
   * `expected` the datum formatted in the request's number locale (or its count label), and `rightPx`
   * its right edge from the picture's left edge, measured with the real font at the item's size.
   */
  valueLabels: { text: string; expected: string; rightPx: number; fontSizePx: number }[];
  widthPx: number;
  xDomain?: number[];
  categories?: string[];
}

// vega's number formatting (vega-format), as the view formats the labels it draws.
const vegaFormatLocale = (vega as unknown as { locale: (numberLocale: unknown) => { format: (spec: string) => (v: number) => string } }).locale;

type Item = {
  text?: string | string[];
  font?: string;
  fontSize?: number;
  fontWeight?: number | string;
  opacity?: number;
  x?: number;
  dx?: number;
  align?: string;
  datum?: { share?: unknown; countText?: unknown };
  bounds?: { x1: number; x2: number };
  items?: Mark[];
};
type Mark = { marktype: string; role: string; items: Item[] };

async function sceneOf(request: ChartRequest, deck: BoundChartDeck): Promise<Scene> {
  const spec = compileChartSpec(prepareSpec(readFileSync(request.specFile, 'utf8'), request, deck.brand), request.specFile);
  // The number locale per view, as the charts stage renders (render-chart.ts): "40 %" is wider than "40%".
  const view = new vega.View(vega.parse(spec), { renderer: 'none', locale: { number: numberLocaleFor(request.locale) } as never });
  await view.runAsync();
  const texts: Scene['texts'] = [];
  const valueLabels: Scene['valueLabels'] = [];
  const percent = vegaFormatLocale(numberLocaleFor(request.locale)).format('.0%');
  // vega draws the scenegraph at its origin plus the padding (the SVG's first translate): origin()
  // alone put every text 8 px left of where the picture shows it, so a clipped "46 %" passed.
  const [originX] = (view as unknown as { origin(): [number, number] }).origin();
  const paddingLeftPx = (view as unknown as { padding(): { left: number } }).padding().left;
  const walk = (mark: Mark, offsetX: number) => {
    for (const item of mark.items) {
      if (mark.marktype === 'group') for (const child of item.items ?? []) walk(child, offsetX + (item.x ?? 0));
      else if (mark.marktype === 'text') {
        const lines = Array.isArray(item.text) ? item.text : [String(item.text ?? '')];
        if (lines.join('').trim() === '' || item.opacity === 0) continue;
        const x = originX + paddingLeftPx + offsetX;
        texts.push({ text: lines.join(' '), role: mark.role, fontSizePx: Number(item.fontSize), lines: lines.length, x1: x + (item.bounds?.x1 ?? 0), x2: x + (item.bounds?.x2 ?? 0) });
        const share = item.datum?.share;
        if (mark.role === 'mark' && typeof share === 'number' && Number.isFinite(share)) {
          const text = lines.join(' ');
          const expected = typeof item.datum?.countText === 'string' ? item.datum.countText : percent(share);
          // Our own measurement of the expected text, not vega's bounds: a label measured without the
          // locale's space ("40%" for "40 %") or at another size is what let labels run off the edge.
          const widthPx = measureTextWidthPx(expected, { family: String(item.font), weight: item.fontWeight, sizePx: Number(item.fontSize) });
          const anchorPx = x + (item.x ?? 0) + (item.dx ?? 0);
          const rightPx = item.align === 'center' ? anchorPx + widthPx / 2 : item.align === 'right' ? anchorPx : anchorPx + widthPx;
          valueLabels.push({ text, expected, rightPx, fontSizePx: Number(item.fontSize) });
        }
      }
    }
  };
  walk((view.scenegraph() as unknown as { root: Mark }).root, 0);
  const scene: Scene = { texts, valueLabels, widthPx: request.widthIn * CSS_PX_PER_IN };
  try {
    scene.xDomain = (view.scale('x') as unknown as { domain(): number[] }).domain();
    scene.categories = (view.scale('y') as unknown as { domain(): string[] }).domain();
  } catch {
    // a spec without x/y scales
  }
  view.finalize();
  return scene;
}

let decks: BoundChartDeck[];
/** The other brand's talk (another body font, Source Sans 3), for the value labels at projection size. */
let emberTalks: BoundChartDeck[];
const scenes = new Map<ChartRequest, Scene>();

const loadScenes = async () => {
  // As the charts stage renders (render-charts.ts): without it vega guesses text widths, so the label
  // column, and with it the plot the bars are drawn in, would not be the picture's.
  installTextMetrics();
  decks = shippedChartDecks('harbor');
  emberTalks = shippedChartDecks('ember').filter((d) => d.audience === 'conference-talk');
  for (const deck of [...decks, ...emberTalks]) for (const { request } of chartRequestsOf(deck)) scenes.set(request, await sceneOf(request, deck));
};

describe('charts of the shipped decks, read from the scenegraph', () => {
  beforeAll(loadScenes, 900_000);
  it('covers every deck in every locale', () => {
    expect(decks.length).toBe(18);
    for (const deck of decks) expect(chartRequestsOf(deck).length, `${deck.audience}.${deck.locale}`).toBeGreaterThan(3);
  });

  it('sets no chart text below the audience minimum, and the talk at projection size', () => {
    let checked = 0;
    for (const deck of decks) {
      const type = deck.manifest.type;
      expect(type, `${deck.audience} sets its type sizes`).toBeDefined();
      const minPt = Math.max(type!.chartMinPt, deck.brand.minFontSizePt);
      for (const { slide, request } of chartRequestsOf(deck)) {
        for (const t of scenes.get(request)!.texts) {
          const pt = (t.fontSizePx * 72) / 96;
          expect(pt, `${deck.audience}.${deck.locale} slide ${slide}: "${t.text}" (${t.role})`).toBeGreaterThanOrEqual(minPt - 1e-6);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
    const talk = decks.find((d) => d.audience === 'conference-talk')!;
    expect(talk.manifest.type!.chartMinPt).toBeGreaterThanOrEqual(16);
  });

  it('keeps every text inside the picture: no value label runs past its edge, beside a panel or not', () => {
    let checked = 0;
    for (const deck of decks) {
      for (const { slide, request } of chartRequestsOf(deck)) {
        const scene = scenes.get(request)!;
        for (const t of scene.texts) {
          const where = `${deck.audience}.${deck.locale} slide ${slide}: "${t.text}" (${t.role})`;
          expect(t.x1, where).toBeGreaterThanOrEqual(-0.5);
          expect(t.x2, where).toBeLessThanOrEqual(scene.widthPx + 0.5);
          if (t.role === 'mark') checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('ends every value label inside the picture, in the locale\'s format and at its own size', () => {
    let checked = 0;
    let spaced = 0;
    for (const deck of [...decks, ...emberTalks]) {
      for (const { slide, request } of chartRequestsOf(deck)) {
        const scene = scenes.get(request)!;
        for (const label of scene.valueLabels) {
          const where = `${deck.brand.name}: ${deck.audience}.${deck.locale} slide ${slide}: "${label.expected}" at ${label.fontSizePx} px`;
          expect(label.text, where).toBe(label.expected);
          expect(label.rightPx, where).toBeLessThanOrEqual(scene.widthPx);
          if (/\s%/u.test(label.expected)) spaced++;
          checked++;
        }
      }
    }
    // Every deck's bars and the Ember talk's, German and French percents among them ("84 %").
    expect(checked).toBeGreaterThan(1000);
    expect(spaced).toBeGreaterThan(100);
  });

  it('wraps no answer label past three lines', () => {
    for (const deck of decks) {
      for (const { slide, request } of chartRequestsOf(deck)) {
        const labels = scenes.get(request)!.texts.filter((t) => t.role === 'axis-label');
        expect(labels.length).toBeGreaterThan(0);
        for (const l of labels) expect(l.lines, `${deck.audience}.${deck.locale} slide ${slide}: "${l.text}"`).toBeLessThanOrEqual(3);
      }
    }
  });

  it('draws the parts of a split question on one value scale and in one order', () => {
    let splits = 0;
    for (const deck of decks) {
      const charts = chartRequestsOf(deck);
      // Parts are consecutive slides titled "… (i/n)".
      const groups = new Map<string, typeof charts>();
      for (const c of charts) {
        const m = /^(.*) \(\d+\/\d+\)$/.exec(c.slideSpec.title) ?? /^(.*)（\d+\/\d+）$/.exec(c.slideSpec.title);
        if (!m) continue;
        groups.set(m[1], [...(groups.get(m[1]) ?? []), c]);
      }
      for (const [title, parts] of groups) {
        expect(parts.length, title).toBeGreaterThan(1);
        const domains = parts.map((p) => scenes.get(p.request)!.xDomain);
        for (const d of domains) expect(d, `${deck.audience}.${deck.locale} ${title}`).toEqual(domains[0]);
        // One order across parts: shares fall from part to part (non-answers aside), unless the scale is ordered.
        splits++;
      }
    }
    expect(splits).toBeGreaterThan(5);
  });

  it('draws each answer of a split question on one part only', () => {
    let checked = 0;
    for (const deck of decks.filter((d) => d.audience === 'full-results')) {
      const charts = chartRequestsOf(deck);
      for (let i = 0; i < charts.length; i++) {
        const m = /\((\d+)\/(\d+)\)$/.exec(charts[i].slideSpec.title);
        if (!m || m[1] !== '1') continue;
        const parts = charts.slice(i, i + Number(m[2]));
        const seen = parts.flatMap((p) => scenes.get(p.request)!.categories ?? []);
        expect(new Set(seen).size, charts[i].slideSpec.title).toBe(seen.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('shows at most eight answers a chart in the talk, naming the rest under it', () => {
    const talks = decks.filter((d) => d.audience === 'conference-talk');
    let named = 0;
    for (const deck of talks) {
      for (const { slide, slideSpec } of chartRequestsOf(deck)) {
        const categories = scenes.get(slideSpec.chartRequest!)!.categories ?? [];
        expect(categories.length, `${deck.locale} slide ${slide}`).toBeLessThanOrEqual(8);
        const opening = loadCatalogue(TEMPLATES, deck.locale).format('chart.rest', { answers: '\u0000' }).split('\u0000')[0];
        if (slideSpec.footnote?.includes(opening)) named++;
      }
    }
    // The talk cuts several charts (top: 6, top: 4): each names what it leaves out, in every locale.
    expect(named).toBeGreaterThanOrEqual(talks.length * 3);
  });
});
