// Bind stage: a deck's chart binding + the aggregates → the rows a Vega-Lite spec draws, and alt text
// written from those rows. Pure. Row contracts are documented in templates/charts/README.md.
import { isWeighted, respondentsIn, testBase } from '../stats/kish.js';
import type { Catalogue } from '../load/catalogue.js';
import type { ChartBinding } from '../load/decks.js';
import { outsideBase, type Aggregates, type Base, type ChartRow, type ClaimResult, type Finding, type GridItem, type NonAnswer, type OptionStat, type QuestionAggregate } from '../ir.js';
import { lowerCaseVocabulary, normaliseLabelCase } from './label-case.js';
import { error } from '../diagnostics.js';
import { formatPercent } from './format.js';
import { itemLabel, optionLabel, questionTitle, scaleLabel, segmentLabel } from './labels.js';
import { resolvePath } from './resolve.js';

/** The bases of a chart's bars, when they differ: their range, and the range of the non-answers each leaves out. */
export interface BaseRange {
  min: number;
  max: number;
  /** Shares of non-answers the bars' bases leave out, when these differ between bars, and which non-answers (any bar's). */
  excluded?: { min: number; max: number; kinds?: ('dontKnow' | 'noAnswer')[] };
  /** Weighted data: the range of the bars' effective bases. */
  effective?: { min: number; max: number };
}
/**
 * A chart's base: with `rows` when its bars have bases of their own that differ; with `total` when its
 * groups (segments) are a part of the base's respondents, so its n is the total, not a drawn bar's base.
 */
export type ChartBase = Base & { rows?: BaseRange; total?: boolean };

/** The range of the drawn bars' bases, or nothing when they are all one base (then the base names it). */
export function baseRange(bases: Base[]): BaseRange | undefined {
  if (bases.length < 2) return undefined;
  const ns = bases.map(respondentsIn);
  const shares = bases.map((b) => b.excluded?.share ?? 0);
  const [min, max] = [Math.min(...ns), Math.max(...ns)];
  const [emin, emax] = [Math.min(...shares), Math.max(...shares)];
  const kinds = [...new Set(bases.flatMap((b) => (b.excluded ? (b.excluded.kinds ?? ['dontKnow' as const]) : [])))].sort();
  const excluded = emax - emin > 1e-9 ? { min: emin, max: emax, ...(kinds.includes('noAnswer') ? { kinds } : {}) } : undefined;
  if (max - min < 1e-9 && !excluded) return undefined;
  const effective = bases.every((b) => b.effectiveN !== undefined) ? { min: Math.min(...bases.map(testBase)), max: Math.max(...bases.map(testBase)) } : undefined;
  return { min, max, ...(excluded ? { excluded } : {}), ...(effective ? { effective } : {}) };
}

export interface BuiltChart {
  rows: ChartRow[];
  altText: string;
  /** The figures the alt text reads out, bar by bar, without its sentence: a generated slide's speaker notes. */
  spoken: string;
  /** Smallest base among the bars, for the small-base flag. */
  minBase: number;
  /** The question drawn, if the chart draws one. */
  question?: QuestionAggregate;
  /**
   * Base for the footnote: the question's, or the smallest base among the findings drawn; with
   * `rows` when the bars have bases of their own that differ (a grid's rows, findings), so the
   * footnote names their range ("n = 77–97 per bar"), not one row's.
   */
  base: ChartBase;
  /** A single highlighted finding on a chart whose bars' bases differ: its own base, named with the highlight. */
  highlightN?: number;
  /**
   * The most common substantive answer of the whole question (never "Other", "Don't know" or
   * "None"), for a generated takeaway; grids: the item with the most top-two answers. `tied` when
   * the runner-up has the same share; `tiedWith` names every answer tied with the first (`second` is
   * the first of them), so a three-way tie is never told as two.
   */
  top: { label: string; share: number; levels?: string; outcome: 'clear' | 'tied'; second: string; count?: number; n?: number; tiedWith?: string[] };
  /**
   * A single-choice scale with a good end (the spec's `polarity`): the shares of the answers on each
   * side of its neutral point, for a takeaway that reads the scale ("Very or Extremely critical: 52%.
   * Not at all or Not so critical: 16%.") rather than its one most common level.
   */
  scaleEnds?: { good: ScaleEnd; bad: ScaleEnd };
  /** Comparison charts: each group's base, for footnote, notes and alt text ("Large n = 64 · Small n = 12"). */
  groups?: { label: string; n: number }[];
  /** Per highlighted finding: the sum of its highlighted bars (unrounded), to check against the printed figure. */
  highlighted: { finding: Finding; drawn: number }[];
  /**
   * Answers (or grid items) the chart leaves out, by `top` or the audience's `maxAnswers`, each with
   * its share ("Other 4%"): the slide names them, so no answer (least of all a non-answer) vanishes.
   */
  rest: { label: string; nonAnswer: boolean }[];
  /** A split question: the largest share of the whole question, so every part draws one value scale. */
  shareMax?: number;
  /** A split question: the count labels printed on any of its bars (ChartRequest.shareScaleCountTexts). */
  shareScaleCountTexts?: string[];
  /** Shorter labels (the survey spec's `shortLabels`) the chart may use when the full ones do not fit: full → short. */
  shortLabels?: Record<string, string>;
}

/** What the deck's audience asks of every chart (deck manifest `type:`). */
export interface ChartRowOptions {
  /** Most answers (or grid items) a chart shows; the rest are named. */
  maxAnswers?: number;
}

/** Options of a question, by share, that a takeaway may name: inside the base and not a non-answer. */
function mostCommon(q: QuestionAggregate, labelOf: (o: OptionStat) => string): BuiltChart['top'] {
  const ranked = sortByShare(q.options.filter((o) => !o.nonAnswer && inBase(o, q.base)));
  const [first, second] = ranked;
  if (!first) return { label: '', share: 0, outcome: 'clear', second: '' };
  const tiedWith = ranked.slice(1).filter((o) => Math.abs(first.share - o.share) < 1e-9).map(labelOf);
  return { label: labelOf(first), share: first.share, outcome: tiedWith.length ? 'tied' : 'clear', second: second ? labelOf(second) : '', count: first.count, n: q.base.n, tiedWith };
}

export interface ScaleEnd {
  /** The levels on this side of the neutral point, from it outward ("Satisfied", "Very satisfied"). */
  labels: string[];
  share: number;
  count: number;
  n: number;
}

/** Both ends of a single-choice scale with a polarity; undefined for any other question. */
function scaleEndsOf(q: QuestionAggregate, labelOf: (o: OptionStat) => string): Pick<BuiltChart, 'scaleEnds'> {
  if (q.kind !== 'single' || q.ranking) return {};
  const tones = levelTones(q);
  const end = (side: 1 | -1): ScaleEnd | undefined => {
    const levels = q.options
      .filter((o) => !o.nonAnswer && inBase(o, q.base) && Math.sign(tones.get(o.code) ?? 0) === side)
      .sort((a, b) => Math.abs(tones.get(a.code)!) - Math.abs(tones.get(b.code)!));
    if (levels.length === 0) return undefined;
    return { labels: levels.map(labelOf), share: levels.reduce((a, o) => a + o.share, 0), count: levels.reduce((a, o) => a + o.count, 0), n: q.base.n };
  };
  const good = end(1);
  const bad = end(-1);
  return good && bad ? { scaleEnds: { good, bad } } : {};
}

function sortByShare(options: OptionStat[]): OptionStat[] {
  return [...options].sort((a, b) => b.share - a.share || a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/** Whether a finding counts this answer of this question (and item, and segment). */
function counts(f: Finding, q: QuestionAggregate | undefined, code: string, item?: string, segment?: string): boolean {
  if (!q || f.question !== q.id || !f.codes.includes(code)) return false;
  if (f.item !== undefined && f.item !== item) return false;
  return (f.segment ?? undefined) === segment;
}

export function buildChartRows(
  binding: ChartBinding,
  aggregates: Aggregates,
  catalogue: Catalogue,
  where: { file: string; line: number },
  claims: Map<string, ClaimResult> = new Map(),
  options: ChartRowOptions = {},
): BuiltChart {
  const built = buildRows(binding, aggregates, catalogue, where, claims, options);
  const highlights = binding.highlight.map((p) => resolvePath(aggregates, p, where) as Finding);
  if (highlights.length === 0) return { ...built, highlighted: [] };
  const highlighted = highlights.map((finding) => {
    let drawn = 0;
    for (const r of built.rows) {
      if (r._codes === undefined) continue;
      const hit = counts(finding, built.question, String(r._code), r._item === undefined ? undefined : String(r._item), r._segment === undefined ? undefined : String(r._segment));
      if (hit) {
        r.highlight = true;
        drawn += Number(r.share);
      }
    }
    return { finding, drawn };
  });
  for (const r of built.rows) if (r.highlight !== true) r.highlight = false;
  // A grid's rows have their own bases: the footnote names their range, and the highlight the base
  // of the row the figure is on.
  if (built.base.rows && highlights.length === 1) return { ...built, highlighted, highlightN: respondentsIn(highlights[0].base) };
  if (built.question?.kind === 'grid' && highlights.length === 1) return { ...built, base: highlights[0].base, highlighted };
  return { ...built, highlighted };
}

/**
 * Rows carry the answer they draw (`_code`, `_item`, `_segment`, `_finding`) while highlighting is
 * done; then they keep it as `code`, `itemCode`, `segment`, `finding`: a label is the locale's wording
 * in sentence case, so a reader of the written deck (its customXml record, the native chart's
 * workbook) can only tell which answer a bar draws by its code. `_codes` (highlightable) is dropped.
 */
const PUBLIC_ROW_KEYS: Record<string, string> = { _code: 'code', _item: 'itemCode', _segment: 'segment', _finding: 'finding' };
export function stripRowKeys(rows: ChartRow[]): ChartRow[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (!k.startsWith('_') ? [[k, v]] : PUBLIC_ROW_KEYS[k] ? [[PUBLIC_ROW_KEYS[k], v]] : []))));
}

function buildRows(
  binding: ChartBinding,
  aggregates: Aggregates,
  catalogue: Catalogue,
  where: { file: string; line: number },
  claims: Map<string, ClaimResult>,
  chartOptions: ChartRowOptions,
): Omit<BuiltChart, 'highlighted'> {
  const locale = catalogue.locale;
  const cap = Math.min(binding.top ?? Infinity, chartOptions.maxAnswers ?? Infinity);
  /** The answers drawn and the answers named instead ("Other 4%"), cut at `top` / `maxAnswers`. */
  const cut = (all: OptionStat[], describe: (x: OptionStat) => string): { shown: OptionStat[]; rest: BuiltChart['rest'] } => ({
    shown: all.slice(0, cap),
    rest: all.slice(cap).map((o) => ({ label: describe(o), nonAnswer: !!o.nonAnswer })),
  });
  const pct = (s: number) => formatPercent(s, locale);
  // A bar on a base under the spec's `showCounts` prints its counts ("3 of 5") on the chart and in the
  // alt text, as KPIs and sentences do (a suppressed cell of a segment's deck keeps its NaN share, which
  // prints "n < 10"). `countText` is the row field the chart specs print instead of the share.
  const showCounts = aggregates.thresholds?.showCounts ?? 10;
  // Weighted data prints shares: its counts are sums of weights, no number of people.
  const weighted = isWeighted(aggregates);
  const isCounted = (count: number, n: number) => !weighted && n < showCounts && !Number.isNaN(count);
  const countsOf = (count: number, n: number) => catalogue.format('figure.counts', { count: Math.round(count), n: Math.round(n) });
  const value = (share: number, count: number, n: number) => (isCounted(count, n) ? countsOf(count, n) : pct(share));
  const counted = (count: number, n: number): ChartRow => (isCounted(count, n) ? { countText: countsOf(count, n) } : {});
  /** A split question's scale: its largest share and the count labels any of its bars prints, so every part leaves the same room. */
  const shareScale = (bars: { share: number; count: number; n: number }[]): Pick<BuiltChart, 'shareMax' | 'shareScaleCountTexts'> => {
    if (!binding.slice) return {};
    const texts = [...new Set(bars.filter((b) => isCounted(b.count, b.n)).map((b) => countsOf(b.count, b.n)))];
    // A suppressed cell (a segment's deck) has no share: NaN would end the scale nowhere.
    return { shareMax: Math.max(0, ...bars.map((b) => b.share).filter(Number.isFinite)), ...(texts.length ? { shareScaleCountTexts: texts } : {}) };
  };
  /** A chart's alt text, and the figures it reads out (its `values`), which a generated slide's notes say. */
  const alt = (key: string, args: { values: string } & Record<string, string>) => ({ altText: catalogue.format(key, args), spoken: args.values });
  // A list a screen reader (and a presenter, in the notes) reads as one: "A 27%, B 18%, and C 3%",
  // "A 27%、B 18%、C 3%" (a narrow unit list ran Japanese and Chinese items together: "A 27%B 18%").
  const list = (parts: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
  const either = (parts: string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(parts);
  // Bars whose bases differ: the alt text names each bar's base, as the footnote names their range.
  const rowBase = (label: string, n: number) => catalogue.format('chart.alt.rowBase', { label, n });
  const slice = <T>(all: T[]): T[] => (binding.slice ? all.slice(binding.slice[0], binding.slice[1]) : all);
  const question = binding.question ? (resolvePath(aggregates, binding.question, where) as QuestionAggregate) : undefined;
  const cased = question ? labelCaser(question, aggregates, catalogue) : (l: string) => l;
  // A ranking's options are its items (the share ranking each first): they carry the items' wording.
  // The spec's `shortLabels` (carried as `shortLabel`) are the survey's own wording, shortened: English
  // charts draw them; another locale's translation is of the full wording, and falls back to its
  // translated short label only when the full one cannot fit (charts/prepare-spec.ts).
  // Grid rows (items) the same way, by row code.
  const optionLabelOf = (q: QuestionAggregate, o: OptionStat) =>
    cased(o.shortLabel && catalogue.locale === 'en' ? o.shortLabel : q.ranking ? itemLabel(catalogue, q, o.code, o.label) : optionLabel(catalogue, q, o.code, o.label));
  const needQuestion = (): QuestionAggregate => {
    if (!question) throw error('INVALID_DECK', `chart rows \`${binding.rows}\` need a \`question\``, where);
    return question;
  };

  switch (binding.rows) {
    case 'options': {
      const q = needQuestion();
      const all = sortOptions(q, q.options.filter((o) => shown(o, q.base)));
      const { shown: kept, rest } = cut(all, (o) => `${optionLabelOf(q, o)} ${value(o.share, o.count, q.base.n)}`);
      const options = slice(kept);
      // A single-choice scale with a good end: each bar carries its level's tone (charts colour it so).
      const tones = q.kind === 'single' && !q.ranking ? levelTones(q) : new Map<string, number>();
      const rows: ChartRow[] = options.map((o) => {
        const tone = tones.get(o.code);
        return { label: optionLabelOf(q, o), share: o.share, ...(tones.size > 0 && tone !== undefined ? { tone } : {}), ...counted(o.count, q.base.n), _codes: 1, _code: o.code };
      });
      return {
        rows,
        rest,
        ...shareScale(all.map((o) => ({ share: o.share, count: o.count, n: q.base.n }))),
        ...shortLabelsOf(q, options, catalogue, cased, (o) => optionLabelOf(q, o), q.ranking ? 'items' : 'options'),
        question: q,
        base: q.base,
        top: mostCommon(q, (o) => optionLabelOf(q, o)),
        ...scaleEndsOf(q, (o) => optionLabelOf(q, o)),
        minBase: testBase(q.base),
        ...alt('chart.alt.bar', { title: altTitle(catalogue, q), values: list(options.map((o) => `${optionLabelOf(q, o)} ${value(o.share, o.count, q.base.n)}`)) }),
      };
    }
    case 'items': {
      const q = needQuestion();
      if (!q.items?.length) throw error('INVALID_DECK', `question \`${q.id}\` has no grid items to stack`, where);
      const rows: ChartRow[] = [];
      const described: string[] = [];
      let top = { label: '', share: -1, levels: '', outcome: 'clear' as 'clear' | 'tied', second: '', count: 0, n: 0, tiedWith: [] as string[] };
      const itemLabelOf = (item: GridItem) => gridItemLabel(catalogue, q, item, cased);
      const levelLabelOf = (l: OptionStat) => cased(scaleLabel(catalogue, l.label));
      // More items than the audience's charts show: the items with the most answers at the scale's good
      // end (headlineLevels), in the spec's order.
      const headline = headlineLevels(q);
      const headlineOf = (item: GridItem) => item.levels.filter((l) => headline.has(l.code) && !l.nonAnswer && inBase(l, item.base));
      const topTwoShare = (item: GridItem) => headlineOf(item).reduce((a, l) => a + l.share, 0);
      const topTwoCount = (item: GridItem) => headlineOf(item).reduce((a, l) => a + l.count, 0);
      const ranked = [...q.items].sort((a, b) => topTwoShare(b) - topTwoShare(a));
      const keptItems = new Set(ranked.slice(0, cap));
      const rest = ranked.slice(cap).map((item) => ({ label: `${itemLabelOf(item)} ${value(topTwoShare(item), topTwoCount(item), item.base.n)}`, nonAnswer: false }));
      const tones = levelTones(q);
      const drawnItems = slice(q.items.filter((i) => keptItems.has(i)));
      const spread = baseRange(drawnItems.map((i) => i.base));
      for (const item of drawnItems) {
        const label = itemLabelOf(item);
        // Levels share the item's base (the survey spec's policy), so a finding on the item is the sum of its bars.
        const levels = item.levels.filter((l) => inBase(l, item.base));
        levels.forEach((l, levelIndex) => {
          const tone = tones.get(l.code);
          rows.push({ item: label, level: levelLabelOf(l), levelIndex, share: l.share, ...(tone !== undefined ? { tone } : {}), ...counted(l.count, item.base.n), _codes: 1, _code: l.code, _item: item.code });
        });
        described.push(`${spread ? rowBase(label, respondentsIn(item.base)) : label}: ${levels.map((l) => `${levelLabelOf(l)} ${value(l.share, l.count, item.base.n)}`).join(', ')}`);
      }
      // The takeaway names the item with the most top-two answers of the whole question, not of this
      // part: a split grid's parts said "X has the highest share" of different items, each on its own.
      for (const item of q.items) {
        const label = itemLabelOf(item);
        const topTwo = headlineOf(item);
        const topShare = topTwo.reduce((s, l) => s + l.share, 0);
        if (Math.abs(topShare - top.share) < 1e-9) top = { ...top, outcome: 'tied', second: top.tiedWith[0] ?? label, tiedWith: [...top.tiedWith, label] };
        else if (topShare > top.share) top = { label, share: topShare, levels: either(topTwo.map(levelLabelOf)), outcome: 'clear', second: '', count: topTwo.reduce((s, l) => s + l.count, 0), n: item.base.n, tiedWith: [] };
      }
      return {
        rows,
        rest,
        ...shortLabelsOf(q, drawnItems, catalogue, cased, itemLabelOf, 'items'),
        question: q,
        base: spread ? { ...q.base, rows: spread } : q.base,
        top,
        minBase: Math.min(...drawnItems.map((i) => testBase(i.base))),
        ...alt('chart.alt.stacked', { title: altTitle(catalogue, q), values: described.join('; ') }),
      };
    }
    case 'levels': {
      // A multi-level grid: a row may take several levels, so each level is its own bar (shares of
      // the row's base, adding up to more than 100%), grouped by row; never a 100% stack.
      const q = needQuestion();
      if (!q.items?.length) throw error('INVALID_DECK', `question \`${q.id}\` has no grid items`, where);
      const rows: ChartRow[] = [];
      const described: string[] = [];
      let top: BuiltChart['top'] & { tiedWith: string[] } = { label: '', share: -1, outcome: 'clear', second: '', tiedWith: [] };
      const spread = baseRange(slice(q.items).map((i) => i.base));
      for (const item of slice(q.items)) {
        const label = gridItemLabel(catalogue, q, item, cased);
        const levels = item.levels.filter((l) => inBase(l, item.base));
        levels.forEach((l, seriesIndex) => {
          rows.push({ label, series: cased(scaleLabel(catalogue, l.label)), seriesIndex, share: l.share, ...counted(l.count, item.base.n), _codes: 1, _code: l.code, _item: item.code });
        });
        described.push(`${spread ? rowBase(label, respondentsIn(item.base)) : label}: ${levels.map((l) => `${scaleLabel(catalogue, l.label)} ${value(l.share, l.count, item.base.n)}`).join(', ')}`);
      }
      // The most common answer of the whole question (a split grid's parts name the same one, "overall").
      for (const item of q.items) {
        const label = cased(itemLabel(catalogue, q, item.code, item.label));
        for (const l of item.levels.filter((x) => inBase(x, item.base) && !x.nonAnswer)) {
          const name = `${label}: ${scaleLabel(catalogue, l.label)}`;
          if (Math.abs(l.share - top.share) < 1e-9) top = { ...top, outcome: 'tied', second: top.tiedWith[0] ?? name, tiedWith: [...top.tiedWith, name] };
          else if (l.share > top.share) top = { label: name, share: l.share, outcome: 'clear', second: '', tiedWith: [] };
        }
      }
      return {
        rows,
        rest: [],
        ...shareScale(q.items.flatMap((i) => i.levels.filter((l) => inBase(l, i.base)).map((l) => ({ share: l.share, count: l.count, n: i.base.n })))),
        ...shortLabelsOf(q, slice(q.items), catalogue, cased, (item) => gridItemLabel(catalogue, q, item, cased), 'items'),
        question: q,
        base: spread ? { ...q.base, rows: spread } : q.base,
        top: top.share < 0 ? { ...top, share: 0 } : top,
        minBase: Math.min(...slice(q.items).map((i) => testBase(i.base))),
        ...alt('chart.alt.levels', { title: altTitle(catalogue, q), values: described.join('; ') }),
      };
    }
    case 'trend': {
      const q = needQuestion();
      if (!q.trend) throw error('INVALID_DECK', `question \`${q.id}\` has no trend`, where);
      const seriesNames = [String(aggregates.survey.year), String(q.trend.year)];
      const previous = new Map(q.trend.options.map((o) => [o.code, o]));
      const rows: ChartRow[] = [];
      const described: string[] = [];
      const all = sortOptions(q, q.options.filter((o) => previous.has(o.code) && shown(o, q.base)));
      const { shown: kept, rest } = cut(all, (o) => `${optionLabelOf(q, o)} ${value(o.share, o.count, q.base.n)}`);
      const options = slice(kept);
      for (const o of options) {
        const label = optionLabelOf(q, o);
        const prev = previous.get(o.code)!;
        rows.push({ label, series: seriesNames[0], seriesIndex: 0, share: o.share, ...counted(o.count, q.base.n), _codes: 1, _code: o.code });
        // The earlier wave is drawn lighter than the current one (charts/palette.ts).
        rows.push({ label, series: seriesNames[1], seriesIndex: 1, share: prev.share, ...counted(prev.count, q.trend.base.n), previous: true, _code: o.code });
        described.push(`${label} ${value(o.share, o.count, q.base.n)} (${seriesNames[1]}: ${value(prev.share, prev.count, q.trend.base.n)})`);
      }
      const groups = [
        { label: seriesNames[0], n: respondentsIn(q.base) },
        { label: seriesNames[1], n: respondentsIn(q.trend.base) },
      ];
      return {
        rows,
        rest,
        ...shareScale(all.flatMap((o) => [{ share: o.share, count: o.count, n: q.base.n }, { share: previous.get(o.code)!.share, count: previous.get(o.code)!.count, n: q.trend!.base.n }])),
        ...shortLabelsOf(q, options, catalogue, cased, (o) => optionLabelOf(q, o), q.ranking ? 'items' : 'options'),
        question: q,
        base: q.base,
        groups,
        top: mostCommon(q, (o) => optionLabelOf(q, o)),
        minBase: Math.min(testBase(q.base), testBase(q.trend.base)),
        ...alt('chart.alt.grouped', { title: altTitle(catalogue, q), groups: groupList(catalogue, groups), values: described.join(', ') }),
      };
    }
    case 'segments': {
      const q = needQuestion();
      const by = binding.by ?? 'size';
      const stats = q.crosstabs?.[by];
      if (!stats) throw error('INVALID_DECK', `question \`${q.id}\` has no crosstab by \`${by}\``, where);
      const wanted = binding.segments ?? stats.map((s) => s.segment);
      const chosen = wanted.map((id) => {
        const s = stats.find((x) => x.segment === id);
        if (!s) throw error('UNKNOWN_BINDING', `question \`${q.id}\` has no segment \`${id}\` in crosstab \`${by}\``, where);
        return s;
      });
      const seriesLabel = (id: string) => segmentLabel(catalogue, id, aggregates.segments);
      const shareIn = (segIndex: number, code: string) => chosen[segIndex].options.find((x) => x.code === code)?.share ?? 0;
      const countIn = (segIndex: number, code: string) => chosen[segIndex].options.find((x) => x.code === code)?.count ?? 0;
      const valueIn = (segIndex: number, code: string) => value(shareIn(segIndex, code), countIn(segIndex, code), chosen[segIndex].base.n);
      const shownOptions = q.options.filter((o) => shown(o, q.base));
      const all = q.ordinal ? sortOptions(q, shownOptions) : nonAnswersLast([...shownOptions].sort((a, b) => shareIn(0, b.code) - shareIn(0, a.code)));
      const { shown: kept, rest } = cut(all, (o) => `${optionLabelOf(q, o)} ${value(o.share, o.count, q.base.n)}`);
      const options = slice(kept);
      const rows: ChartRow[] = [];
      const described: string[] = [];
      const marks = binding.marks ? claims.get(binding.marks) : undefined;
      if (binding.marks && !marks?.perAnswer) throw error('UNKNOWN_BINDING', `\`marks\` names \`${binding.marks}\`, which is not a segments claim of the survey spec`, where);
      for (const o of options) {
        const label = optionLabelOf(q, o);
        const mark = marks?.perAnswer?.find((x) => x.code === o.code)?.direction;
        const sig = mark === 'higher' ? '▲' : mark === 'lower' ? '▼' : '';
        // The marker ends the answer's label (one text layer per chart keeps it a native chart too).
        chosen.forEach((s, i) =>
          rows.push({
            label: sig ? `${label} ${sig}` : label,
            series: seriesLabel(s.segment),
            seriesIndex: i,
            share: shareIn(i, o.code),
            ...counted(countIn(i, o.code), s.base.n),
            ...(marks ? { sig } : {}),
            _codes: 1,
            _code: o.code,
            _segment: s.segment,
          }),
        );
        described.push(`${label}: ${chosen.map((s, i) => `${seriesLabel(s.segment)} ${valueIn(i, o.code)}`).join(', ')}`);
      }
      const groups = chosen.map((s) => ({ label: seriesLabel(s.segment), n: respondentsIn(s.base) }));
      return {
        rows,
        rest,
        ...shareScale(all.flatMap((o) => chosen.map((s, i) => ({ share: shareIn(i, o.code), count: countIn(i, o.code), n: s.base.n })))),
        question: q,
        // The groups' own bases are named first; the question's n counts every segment, drawn or not.
        base: { ...q.base, total: true },
        groups,
        top: mostCommon(q, (o) => optionLabelOf(q, o)),
        minBase: Math.min(...chosen.map((s) => testBase(s.base))),
        ...alt('chart.alt.grouped', { title: altTitle(catalogue, q), groups: groupList(catalogue, groups), values: described.join('; ') }),
      };
    }
    case 'findings': {
      const findings = (binding.findings ?? []).map((p) => resolvePath(aggregates, p, where) as Finding);
      if (findings.length === 0) throw error('INVALID_DECK', 'chart rows `findings` need a list of `findings`', where);
      const rows: ChartRow[] = findings.map((f) => ({ label: catalogue.format(`finding.${f.id}`), share: f.share, ...counted(f.count, f.base.n), _finding: f.id }));
      const smallest = findings.reduce((a, b) => (testBase(b.base) < testBase(a.base) ? b : a));
      const best = largest(rows);
      const spread = baseRange(findings.map((f) => f.base));
      const labelOf = (f: Finding) => (spread ? rowBase(catalogue.format(`finding.${f.id}`), respondentsIn(f.base)) : catalogue.format(`finding.${f.id}`));
      return {
        rows,
        rest: [],
        base: spread ? { ...smallest.base, rows: spread } : smallest.base,
        top: { ...best, outcome: rows.filter((r) => Math.abs(Number(r.share) - best.share) < 1e-9).length > 1 ? 'tied' : 'clear', second: '' },
        minBase: testBase(smallest.base),
        ...alt('chart.alt.findings', { values: list(findings.map((f) => `${labelOf(f)} ${value(f.share, f.count, f.base.n)}`)) }),
      };
    }
  }
}

/** "Large (10,000+) n = 64 · Small (under 50) n = 12": every group's base, in the catalogue's words. */
export function groupList(catalogue: Catalogue, groups: { label: string; n: number }[]): string {
  return groups.map((g) => catalogue.format('chart.group', { group: g.label, n: g.n })).join(' · ');
}

/**
 * Share order, largest first; ordered scales (sizes, counts, time spans) keep their code order.
 * Either way "Other", "None" and "Don't know" (the survey spec's non-answers) come last, on every
 * part of a split question.
 */
export function sortOptions(q: QuestionAggregate, options: OptionStat[]): OptionStat[] {
  const byCode = (a: OptionStat, b: OptionStat) => a.code.localeCompare(b.code, 'en', { numeric: true });
  return nonAnswersLast([...options].sort(q.ordinal ? byCode : (a, b) => b.share - a.share || byCode(a, b)));
}

/** Substantive answers first, in the order given; then other, none, no answer, don't know (stable within each). */
function nonAnswersLast(options: OptionStat[]): OptionStat[] {
  const rank = (o: OptionStat) => (o.nonAnswer ? NON_ANSWER_ORDER.indexOf(o.nonAnswer) + 1 : 0);
  return options.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map((x) => x.o);
}
const NON_ANSWER_ORDER: NonAnswer[] = ['other', 'none', 'noAnswer', 'dontKnow'];

/**
 * The levels a grid's takeaway adds up per row: the scale's good end by the spec's polarity (the one or
 * two levels furthest from the neutral point on the good side: "Agree or Strongly agree"; on a yes/no
 * scale, "Yes"); without a polarity, no end is good, so the level most answered over the whole grid.
 * (The last two levels, whatever they were, made a yes/no grid say "… answering Yes or No: 100%".)
 */
export function headlineLevels(q: QuestionAggregate): Set<string> {
  const tones = levelTones(q);
  if (tones.size > 0) {
    const good = [...tones].filter(([, tone]) => tone > 0).sort((a, b) => b[1] - a[1]);
    return new Set(good.slice(0, 2).map(([code]) => code));
  }
  const totals = new Map<string, number>();
  for (const item of q.items ?? []) for (const l of item.levels) if (!l.nonAnswer && inBase(l, item.base)) totals.set(l.code, (totals.get(l.code) ?? 0) + l.share);
  const most = [...totals].reduce<[string, number] | undefined>((best, t) => (best === undefined || t[1] > best[1] + 1e-12 ? t : best), undefined);
  return new Set(most ? [most[0]] : []);
}

/**
 * Colour tone of each level of a scale with a good end (the spec's `polarity`): the signed rank
 * from the neutral point, 0 for the declared neutral, positive towards the good end. Without a
 * declared neutral the scale is cut in the middle and a middle level counts as good (a bare
 * "Effective" is not grey). Empty without a polarity; non-answers get no tone.
 */
export function levelTones(q: QuestionAggregate): Map<string, number> {
  const tones = new Map<string, number>();
  const levels = q.items?.[0]?.levels.filter((l) => !l.nonAnswer) ?? q.options.filter((o) => !o.nonAnswer);
  if (!q.polarity || levels.length === 0) return tones;
  const sign = q.polarity === 'ascending' ? 1 : -1;
  const neutralAt = q.neutral === undefined ? -1 : levels.findIndex((l) => l.code === q.neutral);
  const firstGood = neutralAt >= 0 ? neutralAt : Math.ceil((levels.length - 1) / 2);
  levels.forEach((l, i) => {
    const rank = neutralAt >= 0 ? i - neutralAt : i >= firstGood ? i - firstGood + 1 : i - firstGood;
    tones.set(l.code, sign * rank);
  });
  return tones;
}

/** A grid row's label as charts draw it: English draws the spec's short label, as for options (optionLabelOf). */
function gridItemLabel(catalogue: Catalogue, q: QuestionAggregate, item: GridItem, cased: (l: string) => string): string {
  return cased(item.shortLabel && catalogue.locale === 'en' ? item.shortLabel : itemLabel(catalogue, q, item.code, item.label));
}

/**
 * The survey spec's short labels of the drawn answers (options, or a grid's rows), in the deck's
 * language and casing: full label → short. A label the locale has not translated is drawn in English,
 * and so may be shortened by the spec's English short label.
 */
function shortLabelsOf<A extends { code: string; shortLabel?: string }>(q: QuestionAggregate, options: A[], catalogue: Catalogue, cased: (l: string) => string, labelOf: (o: A) => string, labels: 'options' | 'items'): { shortLabels?: Record<string, string> } {
  const out: Record<string, string> = {};
  for (const o of options) {
    const key = `survey.${q.id}.shortLabels.${o.code}`;
    const inEnglish = catalogue.locale === 'en' || !catalogue.has(`survey.${q.id}.${labels}.${o.code}`);
    const short = catalogue.has(key) ? catalogue.format(key) : inEnglish ? o.shortLabel : undefined;
    if (short) out[labelOf(o)] = cased(short);
  }
  return Object.keys(out).length ? { shortLabels: out } : {};
}

/**
 * Sentence case for one question's labels (bind/label-case.ts): a word is lowered only where the
 * survey writes it in lower case, in this question's labels or (English) anywhere in its wording.
 */
function labelCaser(q: QuestionAggregate, aggregates: Aggregates, catalogue: Catalogue): (label: string) => string {
  const vocabulary = labelVocabulary(q, aggregates, catalogue);
  return (label) => normaliseLabelCase(label, catalogue.locale, vocabulary);
}

/** The words the survey writes in lower case, in this question's labels or (English) anywhere in its wording. */
export function labelVocabulary(q: QuestionAggregate, aggregates: Aggregates, catalogue: Catalogue): Set<string> {
  const own: string[] = [questionTitle(catalogue, q)];
  const tryText = (f: () => string) => {
    try {
      own.push(f());
    } catch {
      // a label this locale lacks is reported where it is drawn, not here
    }
  };
  for (const o of q.options) tryText(() => optionLabel(catalogue, q, o.code, o.label));
  for (const i of q.items ?? []) tryText(() => itemLabel(catalogue, q, i.code, i.label));
  for (const l of q.items?.[0]?.levels ?? []) tryText(() => scaleLabel(catalogue, l.label));
  const vocabulary = lowerCaseVocabulary(own);
  if (catalogue.locale === 'en') for (const w of englishVocabulary(aggregates)) vocabulary.add(w);
  return vocabulary;
}

const englishVocabularies = new WeakMap<Aggregates, Set<string>>();
/** Lower-case words of the survey's own (English) wording: every question, option, item and scale label. */
export function englishVocabulary(aggregates: Aggregates): Set<string> {
  let v = englishVocabularies.get(aggregates);
  if (!v) {
    const texts = Object.values(aggregates.questions).flatMap((q) => [q.text, ...q.options.map((o) => o.label), ...(q.items ?? []).map((i) => i.label), ...(q.scale ?? [])]);
    v = lowerCaseVocabulary(texts);
    englishVocabularies.set(aggregates, v);
  }
  return v;
}

/** How many categories a question draws in a chart binding, before any slice. */
export function categoryCount(q: QuestionAggregate, rows: ChartBinding['rows']): number {
  if (rows === 'items' || rows === 'levels') return q.items?.length ?? 0;
  const previous = new Set(q.trend?.options.map((o) => o.code));
  return q.options.filter((o) => shown(o, q.base) && (rows !== 'trend' || previous.has(o.code))).length;
}

/** The row with the largest share (first on ties), for a takeaway; ordered charts are not sorted by share. */
function largest(rows: ChartRow[]): { label: string; share: number } {
  let best = { label: '', share: -1 };
  for (const r of rows) if (Number(r.share) > best.share) best = { label: String(r.label), share: Number(r.share) };
  return best.share < 0 ? { label: '', share: 0 } : best;
}

/** The question's title inside an alt text's sentence ("… chart of {title}: {values}"): without its own closing colon. */
function altTitle(catalogue: Catalogue, q: QuestionAggregate): string {
  return questionTitle(catalogue, q).replace(/\s*[:：]\s*$/u, '');
}

/** Whether an answer is inside its base: a "Don't know" or "Prefer not to say" is not when the survey spec excludes non-answers. */
export function inBase(o: OptionStat, base: Base): boolean {
  return !(outsideBase(o.nonAnswer) && !base.includesDontKnow);
}

/** Options a chart draws: those inside the base (the footnote names the rest), and no "Other" that nobody chose. */
function shown(o: OptionStat, base: Base): boolean {
  return inBase(o, base) && !(o.code === 'other' && o.count === 0);
}
