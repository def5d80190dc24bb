// Issue 7, done-when 1 and 5: every shipped deck (executive briefing, conference talk, full results) in
// every locale, built once through buildDecks and read back from the written .pptx only (slide text,
// alt text, notes, native chart XML, the deck's customXml record of its chart rows). Every printed figure
// equals what its chart draws, and footnote, notes and alt text name the same bases; then the English
// decks are recomputed from the raw export with a counter of its own (test/claims/raw-export.ts).
//
// Rounding, as the decks state it: a percentage is its unrounded share rounded half-up to a whole
// percent (0.835 → 84%); a figure that sums several answers is the rounded sum of their unrounded shares
// (84% = 40.7% + 37.4% + 5.5%, though the bars print 41%, 37%, 5%).
//
// One brand is built: a brand is colours, fonts and a logo (templates/brands/*/brand.yaml), and nothing
// of it reaches bind, where every figure and sentence is made. The last test builds one deck in the
// other brand and shows its text, notes, alt text and chart rows are the same.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { buildDecks, DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';
import { ROOT, tempDir } from '../helpers.js';
import { sharedData } from '../ingest/helpers.js';
import { baseRanges, bases, halfUp, numberPattern, parseNumber, percentRanges, percents, readDeck, type ReadDeck, type ReadSlide, type Row } from './decks.js';
import { RawCount, SPEC_2024, type Counted } from './raw-export.js';

const AUDIENCES = ['executive-briefing', 'conference-talk', 'full-results'];
const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'zh-CN'];
const cache = tempDir('sd-shipped-cache-');
const decks = new Map<string, ReadDeck>();

beforeAll(async () => {
  const out = tempDir('sd-shipped-');
  const built = await buildDecks({ audiences: AUDIENCES, locales: LOCALES, outDir: out, cacheDir: cache, force: true });
  for (const d of built.decks) decks.set(`${d.audience}.${d.locale}`, readDeck(d.file));
}, 900_000);

/** Every slide of every deck, with where it is for failure messages. */
function* everySlide(): Generator<{ deck: ReadDeck; slide: ReadSlide; where: string }> {
  for (const deck of decks.values()) for (const slide of deck.slides) yield { deck, slide, where: `${deck.audience}.${deck.locale} slide ${slide.number} (${slide.key})` };
}

/** A bar on a base under the spec's showCounts prints its counts (`countText`, "3 of 5"), not a percentage. */
const percentRows = (s: ReadSlide) => (s.chart?.rows ?? []).filter((r) => r.countText === undefined);

/** Alt text percentages in order; a stacked chart's alt text opens with its type, "100% stacked …". */
function altPercents(s: ReadSlide, locale: string): number[] {
  const found = percents(s.alt ?? '', locale);
  return s.chart?.spec === 'stacked-100' && found[0] === 100 && found.length === percentRows(s).length + 1 ? found.slice(1) : found;
}

/** Where each counted bar's text is found in the alt text, in row order (-1: missing or out of order). */
function altCounts(s: ReadSlide): number[] {
  let from = 0;
  return (s.chart?.rows ?? []).filter((r) => r.countText !== undefined).map((r) => {
    const at = (s.alt ?? '').indexOf(String(r.countText), from);
    if (at >= 0) from = at + String(r.countText).length;
    return at;
  });
}

/** Boxes a reader sees, with the notes; the chart's alt text is checked against its rows. */
const readable = (s: ReadSlide) => ({ ...s.boxes, notes: s.notes });

describe('every shipped deck, every locale: figures, charts and bases agree on the written XML', () => {
  it('builds all three decks in all six locales', () => {
    expect([...decks.keys()].sort()).toEqual(AUDIENCES.flatMap((a) => LOCALES.map((l) => `${a}.${l}`)).sort());
  });

  it('alt text prints every bar the chart draws, in order, as the chart rounds it (or its counts on a small base)', () => {
    let bars = 0;
    let counted = 0;
    for (const { deck, slide, where } of everySlide()) {
      if (!slide.chart) continue;
      expect(slide.alt, `${where}: chart without alt text`).toBeTruthy();
      expect(altPercents(slide, deck.locale), where).toEqual(percentRows(slide).map((r) => halfUp(Number(r.share))));
      for (const at of altCounts(slide)) expect(at, `${where}: a bar's counts (${slide.chart.rows.filter((r) => r.countText).map((r) => r.countText).join(', ')}) missing from the alt text, or out of order`).toBeGreaterThanOrEqual(0);
      bars += slide.chart.rows.length;
      counted += slide.chart.rows.length - percentRows(slide).length;
    }
    expect(bars).toBeGreaterThan(1000);
    // The full results draw grids answered by fewer than 10 OSPOs: their bars print counts, in every locale.
    expect(counted).toBeGreaterThan(6 * 10);
  });

  it('a native chart draws exactly the recorded rows (its XML caches the same shares)', () => {
    let charts = 0;
    for (const { deck, slide, where } of everySlide()) {
      if (!slide.chart) continue;
      // The briefing and the talk ship native charts (their manifests' `charts: native`).
      if (deck.audience !== 'full-results') expect(slide.native, `${where}: not a native chart`).toBeDefined();
      if (!slide.native) continue;
      charts++;
      const drawn = slide.native.flatMap((s) => s.values).sort((a, b) => a - b);
      const recorded = slide.chart.rows.map((r) => Number(r.share)).sort((a, b) => a - b);
      expect(drawn.length, where).toBe(recorded.length);
      drawn.forEach((v, i) => expect(Math.abs(v - recorded[i]), `${where}: value ${v}`).toBeLessThan(1e-6));
    }
    expect(charts).toBeGreaterThanOrEqual(6 * 10);
  });

  it('footnote, alt text, notes and figures name the same bases', () => {
    let checked = 0;
    for (const { deck, slide, where } of everySlide()) {
      const foot = bases(slide.boxes.footnote ?? '', deck.locale);
      // A comparison names each group's base in the footnote and in the alt text, in the same order.
      // (A chart whose bars have bases of their own names their range instead: checked below.)
      const altGroups = bases(slide.alt ?? '', deck.locale);
      const ranged = baseRanges(slide.boxes.footnote ?? '', deck.locale).some((r) => r.max > r.min);
      if (altGroups.length && !ranged) {
        checked++;
        expect(foot.slice(0, altGroups.length), `${where}: footnote and alt text groups`).toEqual(altGroups);
      }
      // A base the slide's text was bound from (notes "Base: 91 …", "n = 26") is the footnote's base.
      const figureBases = Object.entries(slide.figures).filter(([p]) => /\.base\.n$/.test(p)).map(([, v]) => Number(v));
      if (foot.length) {
        for (const n of figureBases) {
          checked++;
          expect(foot, `${where}: a base the notes or takeaway print (${n}) is not in the footnote`).toContain(n);
        }
      }
      // Every "n = …" printed anywhere on the slide is one of the slide's bases.
      const known = new Set([...foot, ...figureBases, ...Object.entries(slide.boxes).filter(([b]) => /^kpi-\d+-note$/.test(b)).flatMap(([, t]) => bases(t, deck.locale))]);
      // (The small-base flag names the smallest base of any bar, a grid row's own: checked below.)
      // A bar's own base inside the footnote's range ("n = 210–219 per bar") is shown too: a generated
      // slide's notes read each grid row's base, as its alt text does.
      const ranges = baseRanges(slide.boxes.footnote ?? '', deck.locale);
      const shown = (n: number) => known.has(n) || ranges.some((r) => n >= r.min && n <= r.max);
      for (const [box, text] of Object.entries(readable(slide)).filter(([b]) => b !== 'warning')) {
        for (const n of bases(text, deck.locale)) {
          checked++;
          expect(shown(n), `${where}: ${box} names n = ${n}, a base the slide does not show (${[...known].join(', ')})`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  // A grid's rows (and a findings chart's bars) have bases of their own: 2024 q36's run from 77 to 97
  // because each row drops its own "don't know". The footnote names the range of the drawn bars'
  // bases (and of the shares of "don't know" they leave out), the alt text each bar's base, both
  // counted again from the raw export by the codes the deck records with each bar.
  it('a chart whose bars have bases of their own names their true range in the footnote and each bar\'s base in the alt text', () => {
    const questionKey = (key: string) => key.replace(/-p\d+$/, '');
    const questionOfKey = new Map<string, string | undefined>();
    for (const a of AUDIENCES) for (const s of decks.get(`${a}.en`)!.slides) if (s.chart) questionOfKey.set(`${a}/${questionKey(s.key)}`, questionOf(s));
    let ranged = 0;
    let single = 0;
    let findingNotes = 0;
    for (const { deck, slide, where } of everySlide()) {
      const rows = slide.chart?.rows ?? [];
      if (!rows.some((r) => r.itemCode !== undefined || r.finding !== undefined)) continue;
      const q = questionOfKey.get(`${deck.audience}/${questionKey(slide.key)}`);
      // Each drawn bar (a grid row, a finding) once, in drawing order.
      const bars = new Map<string, Counted>();
      for (const r of rows) {
        const id = String(r.itemCode ?? r.finding);
        if (!bars.has(id)) bars.set(id, recount(q, r));
      }
      const ns = [...bars.values()].map((c) => c.n);
      const [min, max] = [Math.min(...ns), Math.max(...ns)];
      const footnote = slide.boxes.footnote ?? '';
      expect(baseRanges(footnote, deck.locale)[0], `${where}: the footnote's base (bars' bases ${ns.join(', ')})`).toEqual({ min, max });
      if (min === max) {
        single++;
        continue;
      }
      ranged++;
      const left = [...bars.values()].map((c) => c.dontKnow / (c.n + c.dontKnow));
      const [leftMin, leftMax] = [halfUp(Math.min(...left)), halfUp(Math.max(...left))];
      if (leftMin !== leftMax) expect(percentRanges(footnote, deck.locale)[0], `${where}: "don't know" left out, by bar`).toEqual({ min: leftMin, max: leftMax });
      expect(bases(slide.alt ?? '', deck.locale), `${where}: the alt text names each bar's base`).toEqual(ns);
      // Notes that print the figures of bars with different bases give each figure its own base
      // ("budget 53% (n = 87), … metrics 48% (n = 89)"), not one base for all of them.
      if (rows.some((r) => r.finding !== undefined)) {
        findingNotes++;
        const num = numberPattern(deck.locale);
        const pairs = [...slide.notes.matchAll(new RegExp(`(${num})\\s?[%％]\\s?[(（]n\\s?=\\s?(${num})[)）]`, 'g'))].map((m) => `${parseNumber(m[1], deck.locale)}% n=${parseNumber(m[2], deck.locale)}`);
        const drawn = [...bars.values()].map((c) => `${halfUp(c.share)}% n=${c.n}`);
        expect(pairs.sort(), `${where}: notes "${slide.notes}"`).toEqual(drawn.sort());
      }
    }
    // The full results' grids in six locales, and the briefing's and talk's impact chart.
    expect(ranged).toBeGreaterThan(6 * 15);
    expect(single).toBeGreaterThan(0);
    // The talk's challenges chart, in six locales.
    expect(findingNotes).toBe(6);
  });

  it('a slide that prints a base under the spec threshold carries the small-base flag, naming the smallest', () => {
    const { smallBase } = SPEC_2024.thresholds;
    let flagged = 0;
    for (const { deck, slide, where } of everySlide()) {
      const printed = Object.entries(readable(slide)).filter(([b]) => b !== 'warning').flatMap(([, t]) => bases(t, deck.locale));
      const warning = slide.boxes.warning ? bases(slide.boxes.warning, deck.locale) : [];
      if (printed.some((n) => n < smallBase)) expect(warning.length, `${where}: prints n = ${Math.min(...printed)} without the flag`).toBe(1);
      if (warning.length) {
        flagged++;
        expect(warning[0], `${where}: the flag names the smallest base`).toBeLessThanOrEqual(Math.min(...printed, Infinity));
        expect(warning[0]).toBeLessThan(smallBase);
      }
    }
    expect(flagged).toBeGreaterThan(0);
  });

  // A locale may split a question over more slides than English does (its labels are longer): the
  // slides `q31-p1`, `q31-p2` are one question, `q31`. So each question (every part together) is
  // compared with the English question box by box, as sets of the values printed (a split repeats
  // the footnote's base and the takeaway's "most common answer overall" on every part), its bars by
  // their codes and shares, and its small-base flag by the smallest base any part names.
  it('every locale prints the figures and bases the English deck prints, question by question, box by box', () => {
    const questionKey = (key: string) => key.replace(/-p\d+$/, '');
    const byQuestion = (deck: ReadDeck) => {
      const out = new Map<string, ReadSlide[]>();
      for (const s of deck.slides) out.set(questionKey(s.key), [...(out.get(questionKey(s.key)) ?? []), s]);
      return out;
    };
    const set = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
    const barsOf = (parts: ReadSlide[]) =>
      parts
        .flatMap((s) => s.chart?.rows ?? [])
        .map((r) => `${r.finding ?? ''}/${r.itemCode ?? ''}/${r.code ?? ''}/${r.segment ?? ''}/${r.previous === true ? 'previous' : ''}: ${Number(r.share).toFixed(12)}`)
        .sort();
    let boxes = 0;
    let split = 0;
    for (const audience of AUDIENCES) {
      const en = byQuestion(decks.get(`${audience}.en`)!);
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        const deck = byQuestion(decks.get(`${audience}.${locale}`)!);
        expect([...deck.keys()], `${audience}.${locale}: questions`).toEqual([...en.keys()]);
        for (const [key, parts] of deck) {
          const english = en.get(key)!;
          if (parts.length !== english.length) split++;
          const where = `${audience}.${locale} ${key} (slides ${parts.map((s) => s.number).join(', ')})`;
          expect(barsOf(parts), `${where}: bars`).toEqual(barsOf(english));
          // Boxes the layout may set differently per locale read as one: a figure's callout and its takeaway
          // (a takeaway too long for the callout at the audience's minimum is set beside the chart, stating
          // the figure without the big number), and a list's cards and the list across the width.
          const groupOf = (box: string) => (box === 'big-number' ? 'takeaway' : /^card-\d+-body$/.test(box) ? 'body' : box);
          const boxText = (s: ReadSlide, box: string) => {
            const texts = Object.entries(readable(s)).filter(([b, t]) => groupOf(b) === box && t).map(([, t]) => t);
            return texts.length ? texts.join(' ') : undefined;
          };
          const names = new Set([...parts, ...english].flatMap((s) => Object.keys(readable(s)).map(groupOf)));
          for (const box of names) {
            const printed = (slides: ReadSlide[], l: string, read: (t: string, l: string) => number[]) => slides.flatMap((s) => read(boxText(s, box) ?? '', l));
            if (box === 'warning') {
              const smallest = (xs: number[]) => (xs.length ? Math.min(...xs) : undefined);
              expect(smallest(printed(parts, locale, bases)), `${where} ${box}: smallest base flagged`).toBe(smallest(printed(english, 'en', bases)));
            } else if (box === 'footnote' && parts.length !== english.length) {
              // A footnote names the range of its own part's bars ("n = 77–97 per bar", "don't know
              // 3%–23%"), and this locale splits the question elsewhere: the parts together span the
              // same extremes. (Each part's range is checked against the raw export above.)
              const span = (xs: number[]) => (xs.length ? [Math.min(...xs), Math.max(...xs)] : []);
              expect(span(printed(parts, locale, percents)), `${where} ${box}: percentages`).toEqual(span(printed(english, 'en', percents)));
              expect(span(printed(parts, locale, bases)), `${where} ${box}: bases`).toEqual(span(printed(english, 'en', bases)));
            } else {
              expect(set(printed(parts, locale, percents)), `${where} ${box}: percentages`).toEqual(set(printed(english, 'en', percents)));
              expect(set(printed(parts, locale, bases)), `${where} ${box}: bases`).toEqual(set(printed(english, 'en', bases)));
            }
            boxes++;
          }
        }
      }
    }
    expect(boxes).toBeGreaterThan(1500);
    // The comparison is per question because some locale does split a question English keeps whole.
    expect(split).toBeGreaterThan(0);
  });
});

// ───────────────────────── the English decks against the raw export ─────────────────────────

const raw = new RawCount();
const spec2023 = parse(readFileSync(path.join(ROOT, 'data', 'ospo-2023', 'survey.yaml'), 'utf8'));
const raw2023 = new RawCount({ ...spec2023, questions: {}, segments: {}, findings: {} }, path.join(sharedData, 'ospo-survey-2023', 'raw.csv'));
const trendSpec = (parse(readFileSync(path.join(ROOT, 'data', 'ospo-2024', 'survey.yaml'), 'utf8')) as { trend: { year: number; questions: Record<string, { id: string; codeMap?: Record<string, string> }> } }).trend;
const english = loadCatalogue(DEFAULT_TEMPLATES_DIR, 'en', surveyDirOf(DEFAULT_DATA_FILE));
const shortTitles = Object.entries((parse(readFileSync(path.join(ROOT, 'data', 'ospo-2024', 'survey.yaml'), 'utf8')) as { questions: Record<string, { short?: string }> }).questions).filter(([, q]) => q.short);

/** The question a chart draws, from its alt text's title (the spec's `short`). */
function questionOf(s: ReadSlide): string | undefined {
  const found = shortTitles.filter(([, q]) => s.alt?.includes(` of ${q.short}`));
  return found.sort((a, b) => b[1].short!.length - a[1].short!.length)[0]?.[0];
}

const findingIds = new Map(Object.keys(SPEC_2024.findings).filter((id) => english.has(`finding.${id}`)).map((id) => [english.format(`finding.${id}`), id]));

/**
 * One drawn bar, counted again from the raw export by the codes the deck records with it (`code`, a
 * grid row's `itemCode`, a comparison's `segment`, a findings chart's `finding`): labels are the
 * locale's wording in sentence case and say nothing the raw export's header can be matched on.
 */
function recount(q: string | undefined, row: Row): Counted {
  if (row.finding !== undefined) return raw.finding(String(row.finding));
  if (q === undefined) throw new Error(`a bar without a question or finding: ${JSON.stringify(row)}`);
  const code = String(row.code);
  if (row.code === undefined) throw new Error(`${q}: a bar without its answer's code: ${JSON.stringify(row)}`);
  if (row.itemCode !== undefined) return raw.gridCodes(q, String(row.itemCode), [code]);
  if (row.previous === true) {
    const earlier = trendSpec.questions[q];
    const codeMap = earlier.codeMap ?? {};
    return raw2023.option(earlier.id, (c) => (codeMap[c.code] ?? c.code) === code);
  }
  const match = (c: { code: string }) => c.code === code;
  if (row.segment !== undefined) return raw.option(q, match, raw.segment(String(row.segment)));
  return raw.option(q, match);
}

describe('the English decks, every figure recomputed from the raw export', () => {
  const en = () => AUDIENCES.map((a) => decks.get(`${a}.en`)!);

  it('every chart bar is the share the raw export gives, and its alt text prints it rounded half-up (its counts under showCounts)', () => {
    const { showCounts } = SPEC_2024.thresholds;
    let bars = 0;
    let counted = 0;
    for (const deck of en()) {
      for (const slide of deck.slides) {
        if (!slide.chart) continue;
        const q = questionOf(slide);
        const printed = altPercents(slide, 'en');
        let i = 0;
        for (const row of slide.chart.rows) {
          const where = `${deck.audience} slide ${slide.number} (${slide.key}, ${q ?? 'findings'}) bar ${JSON.stringify(row)}`;
          const c = recount(q, row);
          expect(Math.abs(c.share - Number(row.share)), where).toBeLessThan(1e-9);
          // Under showCounts the bar (and the alt text, checked above) prints "count of n", as counted here.
          expect(row.countText, where).toBe(c.n < showCounts ? `${c.count} of ${c.n}` : undefined);
          if (c.n < showCounts) counted++;
          else expect(printed[i++], where).toBe(halfUp(c.share));
          bars++;
        }
        expect(i, `${deck.audience} slide ${slide.number}: alt text percentages`).toBe(printed.length);
      }
    }
    expect(bars).toBeGreaterThan(800);
    expect(counted).toBeGreaterThan(10);
  });

  it('every percentage printed on a slide (title, takeaway, KPIs, body, footnote, notes) is recomputed from the raw export', () => {
    let figures = 0;
    const unexplained: string[] = [];
    for (const deck of en()) {
      for (const slide of deck.slides) {
        const allowed = candidates(slide);
        for (const [box, text] of Object.entries(readable(slide))) {
          for (const p of percents(text, 'en')) {
            figures++;
            if (!allowed.has(p)) unexplained.push(`${deck.audience} slide ${slide.number} (${slide.key}) ${box}: ${p}% (the raw export gives ${[...allowed].sort((a, b) => a - b).join(', ')})`);
          }
        }
      }
    }
    expect(unexplained).toEqual([]);
    expect(figures).toBeGreaterThan(150);
  });

  it('a figure on a base under the spec\'s showCounts prints as counts ("6 of 7"), each counted again from the raw export', () => {
    let printed = 0;
    const unexplained: string[] = [];
    for (const deck of en()) {
      for (const slide of deck.slides) {
        const counts = new Set<string>();
        candidates(slide, counts);
        for (const [box, text] of Object.entries(readable(slide))) {
          for (const m of text.matchAll(/(\d+) of (\d+)/g)) {
            printed++;
            if (!counts.has(m[0])) unexplained.push(`${deck.audience} slide ${slide.number} (${slide.key}) ${box}: "${m[0]}" (the raw export gives ${[...counts].join(', ')})`);
          }
        }
      }
    }
    expect(unexplained).toEqual([]);
    // The full results print the effectiveness grids answered by 5 to 8 OSPOs as counts.
    expect(printed).toBeGreaterThan(3);
  });

  it('every base printed on a slide ("n = 64", the flag\'s smallest base) is counted again from the raw export', () => {
    let printed = 0;
    const unexplained: string[] = [];
    for (const deck of en()) {
      for (const slide of deck.slides) {
        const allowed = baseCandidates(slide);
        for (const [box, text] of Object.entries({ ...readable(slide), alt: slide.alt ?? '' })) {
          for (const n of bases(text, 'en')) {
            printed++;
            if (!allowed.has(n)) unexplained.push(`${deck.audience} slide ${slide.number} (${slide.key}) ${box}: n = ${n} (the raw export gives ${[...allowed].sort((a, b) => a - b).join(', ')})`);
          }
        }
      }
    }
    expect(unexplained).toEqual([]);
    expect(printed).toBeGreaterThan(150);
  });

  it('every figure a slide was bound from (shares, counts, bases, the sample) equals the raw count', () => {
    let checked = 0;
    for (const deck of en()) {
      for (const slide of deck.slides) {
        for (const [expr, value] of Object.entries(slide.figures)) {
          const where = `${deck.audience} slide ${slide.number}: ${expr}`;
          const f = /^findings\.(\w+)\.(share|count|base\.n)$/.exec(expr);
          const q = /^questions\.(\w+)\.base\.n$/.exec(expr);
          if (f) {
            const c = raw.finding(f[1]);
            const expected = f[2] === 'share' ? c.share : f[2] === 'count' ? c.count : c.n;
            expect(Math.abs(Number(value) - expected), where).toBeLessThan(1e-9);
          } else if (q) expect(value, where).toBe(raw.option(q[1], () => false).n);
          else if (expr === 'survey.respondents') expect(value, where).toBe(raw.kept.length);
          else continue;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  // Issue 7, item 7: the words around a figure say what the data says. The GenAI figure sums three
  // answers, from occasional compliance checks to leading the work, so a sentence that prints it says
  // the OSPO has a role (not "involved in managing", not "helps run"); the collaboration figure is a
  // rating from moderately to extremely impactful, not an effect the OSPO is shown to have; a base of
  // respondents is not called organizations. Every sentence (and KPI value with its label) of the
  // English briefing and talk, the figures counted again from the raw export.
  it('a sentence that prints a summed figure names the answers it sums, and a rating is not worded as an effect', () => {
    const genai = halfUp(raw.finding('genaiInvolved').share);
    const impact = halfUp(raw.finding('collaborationImpact').share);
    const printsFigure = (sentence: string, figure: number) => new RegExp(`(?<![\\d.])${figure}%`).test(sentence);
    let genaiSentences = 0;
    let impactSentences = 0;
    for (const deck of en().filter((d) => d.audience !== 'full-results')) {
      for (const slide of deck.slides) {
        const kpis = Object.keys(slide.boxes).filter((b) => /^kpi-\d+-value$/.test(b)).map((b) => `${slide.boxes[b]} ${slide.boxes[b.replace('value', 'label')] ?? ''}`);
        const boxes = Object.entries(readable(slide)).filter(([box]) => !/^kpi-/.test(box)).map(([, text]) => text);
        const sentences = [...kpis, ...boxes.flatMap((t) => t.split(/(?<=[.!?:;])\s+|\n/))];
        for (const sentence of sentences) {
          const where = `${deck.audience} slide ${slide.number} (${slide.key}): "${sentence}"`;
          if (printsFigure(sentence, genai) && /GenAI/.test(sentence)) {
            genaiSentences++;
            expect(sentence, where).toMatch(/\brole\b/);
            expect(sentence, where).not.toMatch(/\binvolved in managing\b|\bhelps? run\b/);
          }
          if (printsFigure(sentence, impact) && /impact/i.test(sentence)) {
            impactSentences++;
            // The rating it sums, from moderately to extremely impactful.
            expect(sentence, where).toMatch(/\bmoderate(?:ly)?\b.*\bextreme(?:ly)?\b/);
          }
          // An OSPO's self-rated impact is not an effect shown by the data (answer labels may say "improve").
          expect(sentence, where).not.toMatch(/\b(?:OSPOs?|it)\s+(?:\w+ly\s+)?(?:improves?|drives?|helps? run|makes?)\b/i);
          // Bases are respondents: "small organizations with an OSPO" are respondents at them.
          if (/organizations with an OSPO/.test(sentence)) expect(sentence, where).toMatch(/respondents at (?:small|large) organizations with an OSPO/);
        }
      }
    }
    // The briefing's KPI, headline notes, chart slide and bottom line; the talk's KPI, notes and bottom line.
    expect(genaiSentences).toBeGreaterThanOrEqual(6);
    expect(impactSentences).toBeGreaterThanOrEqual(2);
  });

  // A difference that is not significant is not a similarity: with 12 small organizations, 67% against
  // 35% is no significant difference, yet no evidence the two name "similar priorities". A slide whose
  // claim came out level says so in those words.
  it('a claim that came out level is titled "no significant difference", never "similar"', () => {
    let level = 0;
    for (const deck of en()) {
      for (const slide of deck.slides) {
        const outcomes = Object.values(slide.claims);
        if (!outcomes.includes('level')) continue;
        const title = slide.boxes.title ?? '';
        expect(title, `${deck.audience} slide ${slide.number} (${slide.key})`).not.toMatch(/\bsimilar\b|\bthe same\b|\balike\b/i);
        if (Object.keys(slide.claims).length === 1 && slide.claims.prioritiesBySize === 'level') {
          level++;
          expect(title).toMatch(/no significant difference/);
        }
      }
    }
    // The briefing's priorities by size.
    expect(level).toBe(1);
  });

  // A comparison of segments (large against small organizations) names each group's base; the
  // question's n counts every segment, drawn or not, so the footnote says it is the total ("n = 100 in
  // all"), not a base of the bars (49 + 12 are drawn of those 100).
  it('a segment comparison\'s footnote names each group\'s base and the question\'s n as the total', () => {
    let compared = 0;
    for (const deck of en()) {
      for (const slide of deck.slides) {
        const rows = slide.chart?.rows ?? [];
        const footnote = slide.boxes.footnote ?? '';
        const where = `${deck.audience} slide ${slide.number} (${slide.key}): "${footnote}"`;
        if (!rows.some((r) => r.segment !== undefined)) {
          expect(footnote, where).not.toMatch(/\bin all\b/);
          continue;
        }
        compared++;
        const q = questionOf(slide);
        const groups = [...new Set(rows.map((r) => String(r.segment)))].map((seg) => raw.option(q!, () => false, raw.segment(seg)).n);
        const total = raw.option(q!, () => false).n;
        expect(bases(footnote, 'en'), where).toEqual([...groups, total]);
        expect(footnote, where).toMatch(new RegExp(`\\(n\\s=\\s${total}\\sin\\sall\\)`));
        expect(groups.reduce((a, b) => a + b, 0), where).toBeLessThanOrEqual(total);
      }
    }
    // The briefing's adoption and priorities charts.
    expect(compared).toBeGreaterThanOrEqual(2);
  });

  it('brand does not change a figure: the Ember briefing says and draws what the Harbor one does', async () => {
    const out = tempDir('sd-shipped-ember-');
    const built = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], brand: 'ember', outDir: out, cacheDir: cache, force: true });
    const ember = readDeck(built.decks[0].file);
    const harbor = decks.get('executive-briefing.en')!;
    const content = (d: ReadDeck) => d.slides.map((s) => ({ boxes: s.boxes, notes: s.notes, alt: s.alt, rows: s.chart?.rows, figures: s.figures }));
    expect(content(ember)).toEqual(content(harbor));
  }, 300_000);
});

/** Findings a slide names: bound figures, its claims' findings, and KPIs by their label. */
function namedFindings(slide: ReadSlide): Set<string> {
  const named = new Set<string>();
  for (const expr of Object.keys(slide.figures)) {
    const m = /^findings\.(\w+)\./.exec(expr);
    if (m && SPEC_2024.findings[m[1]]) named.add(m[1]);
  }
  const claims = (SPEC_2024 as unknown as { claims: Record<string, { a?: string; b?: string; findings?: string[] }> }).claims;
  for (const name of Object.keys(slide.claims)) for (const id of [claims[name].a, claims[name].b, ...(claims[name].findings ?? [])]) if (id) named.add(id);
  for (const [box, text] of Object.entries(slide.boxes)) if (/^kpi-\d+-label$/.test(box) && findingIds.has(text)) named.add(findingIds.get(text)!);
  return named;
}

/** Bases a slide may print, each counted again: its question's, each grid row's, each group's, its findings'. */
function baseCandidates(slide: ReadSlide): Set<number> {
  const out = new Set<number>([raw.kept.length]);
  for (const id of namedFindings(slide)) out.add(raw.finding(id).n);
  const q = slide.chart ? questionOf(slide) : undefined;
  if (!slide.chart) return out;
  // A grid's question base is its widest row's; every other base is a drawn bar's own (a row's, a
  // group's, a finding's): a row the chart does not draw is no base of this slide.
  if (q) out.add(raw.option(q, () => false).n);
  for (const row of slide.chart.rows) out.add(recount(q, row).n);
  return out;
}

/** Whole percentages a slide may print, each recomputed from the raw export. */
function candidates(slide: ReadSlide, counts = new Set<string>()): Set<number> {
  const out = new Set<number>([halfUp(SPEC_2024.significance.level)]);
  // "Multi-choice shares can add up past 100%": a slide without a chart may say what a share is.
  if (!slide.chart) out.add(100);
  const { showCounts } = SPEC_2024.thresholds;
  // A figure on a base under `showCounts` is printed as its counts ("6 of 7"), never as a percentage.
  const add = (share: number, count?: number, n?: number) => {
    if (n !== undefined && count !== undefined) counts.add(`${count} of ${n}`);
    if (n === undefined || n >= showCounts) out.add(halfUp(share));
  };
  const dontKnow = (c: Counted) => c.dontKnow && add(c.dontKnow / (c.n + c.dontKnow));
  // The report's published figure, where the slide quotes it next to the data's.
  for (const expr of Object.keys(slide.figures)) {
    const m = /^findings\.(\w+)\.published\.share$/.exec(expr);
    if (m) add(SPEC_2024.findings[m[1]].published!.share);
  }
  for (const id of namedFindings(slide)) {
    const c = raw.finding(id);
    add(c.share, c.count, c.n);
    dontKnow(c);
  }
  if (!slide.chart) return out;
  // The chart: each bar, the highlighted bars summed, the top answers summed, a grid row's top levels.
  const q = questionOf(slide);
  const rows = slide.chart.rows.map((row) => ({ row, ...recount(q, row) }));
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(String(r.row.item ?? r.row.series ?? ''), [...(groups.get(String(r.row.item ?? r.row.series ?? '')) ?? []), r]);
  for (const group of groups.values()) {
    const sum = (rs: typeof rows) => rs.length && add(rs.reduce((s, r) => s + r.share, 0), rs.reduce((s, r) => s + r.count, 0), rs[0].n);
    group.forEach((r) => add(r.share, r.count, r.n));
    sum(group.filter((r) => r.row.highlight === true));
    const ranked = [...group].sort((a, b) => b.share - a.share);
    for (let k = 2; k <= 3; k++) sum(ranked.slice(0, k));
    if (group[0].row.item !== undefined) sum(group.slice(-2));
  }
  // A trend's earlier year, summed over the answers highlighted this year (the waves claim).
  const highlighted = new Set(rows.filter((r) => r.row.highlight === true).map((r) => r.row.code));
  add(rows.filter((r) => r.row.previous === true && highlighted.has(r.row.code)).reduce((s, r) => s + r.share, 0));
  if (q) dontKnow(raw.option(q, () => false));
  // A grid's rows have bases of their own; its footnote names the range of the drawn rows' "Don't know" shares.
  for (const r of rows) dontKnow(r);
  // A grid split over slides names the row with the most top-two answers (or the most common level)
  // of the whole question, maybe on another part.
  if (q && slide.chart.rows[0].itemCode !== undefined) {
    for (const item of raw.items(q)) {
      const levels = raw.levels(q, item);
      for (const level of levels) {
        const c = raw.grid(q, item, (l) => l === level);
        add(c.share, c.count, c.n);
      }
      const c = raw.grid(q, item, (l) => levels.slice(-2).includes(l));
      add(c.share, c.count, c.n);
    }
  }
  // A question split over slides names its most common answer overall, maybe on another part.
  if (q && slide.chart.rows[0].itemCode === undefined) {
    for (const c of raw.choices(q)) {
      const x = raw.option(q, (y) => y.code === c.code);
      add(x.share, x.count, x.n);
    }
  }
  return out;
}
