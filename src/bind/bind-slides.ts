// Bind stage: deck manifest + aggregates + templates + catalogue → SlideSpec[] with chart requests.
// Pure apart from checking that chart spec files exist.
//
//   manifest entry ─▶ context (text keys, args, bound objects) ─▶ Handlebars (strict) ─▶ Markdown
//     ─▶ front matter (layout, notes, footnote) + blocks ─▶ SlideSpec (per-kind builder)
import { isWeighted, respondentsAsked, respondentsIn, testBase } from '../stats/kish.js';
import { FALLBACK_FAMILIES, faceForCodePoint, isInvisibleChar, missingCharsText, parseFontList, scriptHint } from '../fonts/index.js';
import { chartFontFor } from '../charts/chart-config.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import type { Aggregates, Base, Brand, ChartRequest, ClaimResult, Kpi, Paragraph, QuestionAggregate, SlideKind, SlideOf, SlideSpec } from '../ir.js';
import { chartTexts, SLIDE_KINDS } from '../ir.js';
import type { Catalogue } from '../load/catalogue.js';
import { isForeach, isGenerate, type ChartBinding, type DeckManifest, type SlideEntry } from '../load/decks.js';
import { highlightEntry, highlightsFor, slotHighlight } from './highlights.js';
import { segmentLabel } from './labels.js';
import { handlebarsLocation, handlebarsMessage, type SlideTemplate } from '../load/templates.js';
import { findXmlForbiddenChar, lineColumnAt, xmlTextDiagnostic } from '../load/xml-text.js';
import { buildChartRows, categoryCount, groupList, labelVocabulary, stripRowKeys, type BuiltChart } from './chart-rows.js';
import { midSentenceLabel } from './label-case.js';
import { roundPercent } from './format.js';
import { checkClaimSentences, claimArgs, countedClaimArgs, midSentenceClaimLabels } from './claim-args.js';
import { claimUntestable, evaluateClaims } from './claims.js';
import { ratio } from './format.js';
import { parseMarkdown, plainText, type Block } from './markdown.js';
import { resolvePath } from './resolve.js';
import { isSuppressed, printSuppressed, suppressSmallCells, withoutUncomparableWaves } from '../scale/suppress.js';

/** Bases under this many respondents get a visible flag on the slide. */
export const SMALL_BASE_N = 30;

/**
 * Most categories one chart slide shows; a longer question continues on further slides, split
 * into near-equal parts. Chosen so the longest labels stay legible at the chart's minimum type size.
 */
export const MAX_CATEGORIES: Record<string, number> = { 'bar-horizontal': 10, 'stacked-100': 8, 'grouped-bars': 7 };
/** A question with this many answers or fewer is never split: one chart reads better than two halves. */
export const SPLIT_ABOVE = 12;

/** Parts a generated question is drawn in: one up to SPLIT_ABOVE categories, else near-equal parts of at most MAX_CATEGORIES. */
export function partsFor(count: number, spec: string): number {
  return count <= SPLIT_ABOVE ? 1 : Math.ceil(count / MAX_CATEGORIES[spec]);
}

export interface ChartBox {
  widthIn: number;
  heightIn: number;
}

/** What a chart slide's layout sizes its chart by: what sits beside or above it, and the bars it draws. */
export type ChartBoxSlide = Pick<SlideOf<'chart'>, 'takeaway' | 'bigNumber' | 'warning' | 'flagAtTitle' | 'takeawayAtTitle'> & { chartRequest: Pick<ChartRequest, 'rows'> };

export interface BindInput {
  manifest: DeckManifest;
  aggregates: Aggregates;
  templates: Map<string, SlideTemplate>;
  catalogue: Catalogue;
  chartsDir: string;
  /** The brand charts are drawn in: a chart's words its fonts cannot draw are GLYPH_MISSING. Absent: not checked. */
  brand?: Brand;
  /**
   * The box a chart slide's chart is drawn for: per slide, the frame its layout will give it
   * (layout/kinds/chart.ts `chartBoxesFor`: a takeaway above the chart or a panel beside it narrows
   * it), so that splitting, short labels and CHART_TOO_DENSE are decided for the size the picture is
   * drawn at. A fixed box (tests) is used for every chart.
   */
  chartBox: ChartBox | ((slide: ChartBoxSlide) => ChartBox);
  /**
   * A segment's deck (`build --per`): a figure on fewer respondents than this is printed as
   * "n < {suppressBelow}" and its chart bars are left out (src/scale/suppress.ts).
   */
  suppressBelow?: number;
  /**
   * Whether a chart can be drawn at its audience's type sizes (charts stage, `chartFits`): a
   * generated question that cannot is split into more parts. Absent: split by count only.
   */
  chartFits?: (request: ChartRequest) => boolean;
  /**
   * Whether a bound slide's text fits its boxes at its audience's type sizes (the fit stage's rule):
   * the slide comparing a segment with the rest of the survey is spread over more slides when its
   * lines do not. Absent: one slide.
   */
  textFits?: (slide: SlideSpec) => boolean;
  /**
   * Whether a small-base flag fits under the title in one line (layout's flagFitsAtTitle): a chart
   * whose labels cannot be drawn with the flag beside or under it gets it there. Absent: never.
   */
  flagFitsAtTitle?: (warning: string) => boolean;
}

const frontMatterSchema = z.object({
  layout: z.enum(SLIDE_KINDS),
  notes: z.string().optional(),
  footnote: z.string().optional(),
  /** Chart slides: the one figure the highlighted bars add up to, printed large beside the chart. */
  bigNumber: z.string().optional(),
});

/** One manifest entry, after `generate:` entries are expanded. */
interface PlannedSlide {
  entry: SlideEntry;
  /** Objects bound by the generator rather than by path. */
  extra?: Record<string, unknown>;
  /** Stable slide identity (SlideSpec.key), unique within the deck. */
  key: string;
  /** The generated slide of a segment's deck comparing it with the rest of the survey: its `rest` claims. */
  restClaims?: string[];
}

/** A claim a slide's sentences rest on, for the claims report. */
export interface ClaimUse {
  slide: number;
  result: ClaimResult;
}

export function bindSlides(bindInput: BindInput): { slides: SlideSpec[]; diagnostics: Diagnostic[]; claims: ClaimUse[] } {
  const input = bindInput.suppressBelow === undefined ? bindInput : { ...bindInput, aggregates: suppressSmallCells(bindInput.aggregates, bindInput.suppressBelow) };
  const { manifest, aggregates } = input;
  const diagnostics: Diagnostic[] = [];
  const slides: SlideSpec[] = [];
  const problems: Diagnostic[] = [];
  // A segment's deck: claims are tested on the segment's own figures as counted (not the suppressed
  // copy), and a claim on waves its data cannot compare is left out, as its slide is.
  const claims = bindInput.suppressBelow === undefined ? evaluateClaims(aggregates) : evaluateClaims(withoutUncomparableWaves(bindInput.aggregates));
  const uses: ClaimUse[] = [];
  const partsOfQuestion = (count: number, spec: string, planFor: (parts: number) => PlannedSlide[]) => partsThatFit(count, spec, planFor, input, claims);
  for (const entry of manifest.slides) {
    if (isForeach(entry) && entry.include === 'all' && highlightsFor(aggregates.highlights, manifest.audience).length === 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'NO_HIGHLIGHTS',
        message: `deck ${manifest.audience} shows no highlights: the survey spec declares none for it`,
        file: manifest.file,
        line: entry.line,
        hint: 'add `highlights:` to the survey spec (README, "Use your own survey"), then run `surveydeck aggregate` again',
      });
    }
  }
  for (const [index, planned] of withRestSlide(planSlides(manifest, aggregates, input.catalogue, partsOfQuestion), aggregates, claims, (d) => diagnostics.push({ ...d, file: manifest.file })).entries()) {
    // A slide resting on a `rest` claim compares a segment with the rest of the survey: a deck of the
    // whole survey has no segment, so it leaves the slide out (by design, not a warning).
    if (planned.entry.claims.some((name) => aggregates.claims[name]?.kind === 'rest' && !claims.has(name))) continue;
    const omitted = input.suppressBelow !== undefined ? segmentOmits(planned.entry, aggregates) : undefined;
    if (omitted) {
      diagnostics.push({ severity: 'warning', code: 'SEGMENT_SLIDE_OMITTED', message: omitted, file: manifest.file, line: planned.entry.line });
      continue;
    }
    // A claim with an empty group (another segment's finding, in a segment's deck) was not tested: a
    // segment's deck leaves its slide out; a deck of the whole survey cannot, and says why.
    const untested = planned.entry.claims.flatMap((name) => {
      const decl = aggregates.claims?.[name];
      const why = decl && !claims.has(name) ? claimUntestable(decl, bindInput.aggregates) : undefined;
      return why ? [{ name, why }] : [];
    });
    if (untested.length) {
      const reasons = untested.map((u) => `claim \`${u.name}\` cannot be tested: ${u.why}`).join('; ');
      if (input.suppressBelow !== undefined) {
        diagnostics.push({ severity: 'warning', code: 'SEGMENT_SLIDE_OMITTED', message: `slide \`${planned.entry.text.title ?? planned.entry.template}\` left out: ${reasons}`, file: manifest.file, line: planned.entry.line });
        continue;
      }
      problems.push(...error('CLAIM_UNTESTABLE', `deck ${manifest.audience}, slide ${index + 1}: ${reasons}`, { file: manifest.file, line: planned.entry.line, hint: 'check the finding\'s codes and segment in the survey spec, and the aggregates' }).diagnostics);
      continue;
    }
    try {
      const results = planned.entry.claims.map((name) => {
        const r = claims.get(name);
        if (!r) {
          throw error('UNKNOWN_BINDING', `claim \`${name}\` is not declared in the survey spec (claims:)`, {
            file: manifest.file,
            line: planned.entry.line,
            hint: `declared claims: ${[...claims.keys()].join(', ') || 'none'}`,
          });
        }
        return r;
      });
      const where = { file: manifest.file, line: planned.entry.line, deck: manifest.audience, slide: index + 1 };
      checkClaimSentences(results, Object.values(planned.entry.text), input.catalogue, where);
      if (planned.restClaims) {
        for (const page of restPages(planned, input, claims, where)) {
          uses.push(...page.results.map((result) => ({ slide: index + 1, result })));
          slides.push({ ...page.slide, key: page.key, claims: Object.fromEntries(page.results.map((r) => [r.name, r.outcome])) });
        }
        continue;
      }
      const slide = bindSlide(planned, input, results, claims, where);
      if (input.suppressBelow !== undefined && slide.kind === 'chart' && slide.chartRequest.rows.length === 0) {
        diagnostics.push({ severity: 'warning', code: 'SEGMENT_SLIDE_OMITTED', message: `slide \`${slide.title}\` left out: every figure on it rests on fewer than ${input.suppressBelow} respondents`, file: manifest.file, line: planned.entry.line });
        continue;
      }
      uses.push(...results.map((result) => ({ slide: index + 1, result })));
      // Claim outcomes go into the deck's refresh manifest, so `update` reports `higher → level`.
      slides.push({ ...slide, key: planned.key, ...(results.length ? { claims: Object.fromEntries(results.map((r) => [r.name, r.outcome])) } : {}) });
    } catch (e) {
      if (e instanceof SurveydeckError) problems.push(...e.diagnostics);
      else throw e;
    }
  }
  if (problems.length > 0) throw new SurveydeckError(problems);
  return { slides, diagnostics, claims: uses };
}

/** "n < 10" in the deck's language (`figure.suppressed`); a catalogue without it gets the default. */
function suppressedText(catalogue: Catalogue, below: number): string | undefined {
  return catalogue.has('figure.suppressed') ? catalogue.format('figure.suppressed', { n: below }) : undefined;
}

/** The `rest.line` message's argument that selects the sentence: one message serves every `rest` claim. */
export const REST_SELECT = 'rest';

/**
 * A segment's deck (its aggregates carry the rest of the survey) gets one slide comparing the segment
 * with everyone else, a line per `rest` claim of the spec, before the sources slide (or last).
 */
function withRestSlide(planned: PlannedSlide[], aggregates: Aggregates, claims: Map<string, ClaimResult>, warn: (d: Omit<Diagnostic, 'file'>) => void): PlannedSlide[] {
  const declared = Object.entries(aggregates.claims ?? {}).flatMap(([name, c]) => (c.kind === 'rest' ? [name] : []));
  if (!aggregates.rest || declared.length === 0) return planned;
  // A rest claim whose segment or rest is empty (the segment is everyone, or no one) was not evaluated:
  // its line is left out, and the slide too when no line is left.
  // A finding on the question that defines the segment is 0% or 100% there by definition: comparing it
  // with the rest of the survey says nothing ("No OSPO: 0% report an OSPO, a lower share than the rest").
  const defining = definingQuestion(aggregates);
  const onDefining = (name: string) => {
    const c = aggregates.claims[name];
    return c?.kind === 'rest' && defining !== undefined && aggregates.findings[c.finding]?.question === defining;
  };
  const names = declared.filter((name) => claims.has(name) && !onDefining(name));
  const left = declared.filter((name) => !claims.has(name) && !onDefining(name));
  const defined = declared.filter(onDefining);
  if (left.length) {
    warn({
      severity: 'warning',
      code: 'SEGMENT_SLIDE_OMITTED',
      message: `${names.length ? 'lines' : 'slide'} comparing ${aggregates.rest.segment} with the rest of the survey left out (${left.join(', ')}): one of the two groups has no respondents`,
    });
  }
  if (defined.length) {
    warn({
      severity: 'warning',
      code: 'SEGMENT_SLIDE_OMITTED',
      message: `${names.length ? 'lines' : 'slide'} comparing ${aggregates.rest.segment} with the rest of the survey left out (${defined.join(', ')}): their figures count answers to ${defining}, which defines this deck's segment`,
    });
  }
  if (names.length === 0) return planned;
  const at = planned.findIndex((p) => p.entry.template === 'sources');
  const index = at < 0 ? planned.length : at;
  const line = (planned[index] ?? planned.at(-1))?.entry.line ?? 1;
  const slide: PlannedSlide = {
    entry: { template: 'rest-of-survey', text: { title: 'rest.title', notes: 'rest.notes' }, args: { level: 'significance.level' }, bind: {}, claims: [], line },
    extra: {},
    key: 'rest-of-survey',
    restClaims: names,
  };
  return [...planned.slice(0, index), slide, ...planned.slice(index)];
}

/**
 * The generated slide's lines, one per `rest` claim: the segment's figure (suppressed under the
 * threshold, as every figure of its deck), the rest's, and the sentence for the claim's outcome.
 * CLAIM_UNSUPPORTED when `rest.line` has no sentence for an outcome. Returns the claims, for the report.
 */
function restLines(planned: PlannedSlide, input: BindInput, claims: Map<string, ClaimResult>, where: { file: string; line: number; deck: string; slide: number }): ClaimResult[] {
  const { catalogue, aggregates } = input;
  const rest = aggregates.rest!;
  const results = planned.restClaims!.map((name) => claims.get(name)!);
  checkClaimSentences(results.map((r) => ({ ...r, name: REST_SELECT })), ['rest.line'], catalogue, where);
  const segment = segmentLabel(catalogue, rest.segment, aggregates.segments);
  planned.extra = {
    ...planned.extra,
    segment,
    lines: results.map((r) => {
      const id = (aggregates.claims[r.name] as { finding: string }).finding;
      const [mine, theirs] = [aggregates.findings[id], rest.findings[id]]; // the segment's from the suppressed copy
      return catalogue.format('rest.line', {
        [REST_SELECT]: r.outcome,
        segment,
        finding: catalogue.format(`finding.${id}`),
        share: mine.share,
        n: Math.round(respondentsIn(mine.base)),
        restShare: theirs.share,
        restN: Math.round(respondentsIn(theirs.base)),
      });
    }),
  };
  return results;
}

/**
 * The slide comparing a segment with the rest of the survey, over as few slides as its lines fit on at
 * the audience's type sizes (`textFits`): the lines shared evenly, in the spec's order, each slide under
 * the same title. A talk's 24 pt body holds fewer sentences than a briefing's.
 */
function restPages(planned: PlannedSlide, input: BindInput, claims: Map<string, ClaimResult>, where: { file: string; line: number; deck: string; slide: number }): { slide: SlideSpec; results: ClaimResult[]; key: string }[] {
  const names = planned.restClaims!;
  for (let count = 1; ; count++) {
    const size = Math.ceil(names.length / count);
    const pages = Array.from({ length: Math.ceil(names.length / size) }, (_, i) => {
      const page: PlannedSlide = { ...planned, extra: { ...planned.extra }, restClaims: names.slice(i * size, (i + 1) * size), key: i === 0 ? planned.key : `${planned.key}-${i + 1}` };
      const results = restLines(page, input, claims, where);
      return { slide: bindSlide(page, input, [], claims, where), results, key: page.key };
    });
    if (size === 1 || !input.textFits || pages.every((p) => input.textFits!(p.slide))) return pages;
  }
}

/** In a segment's deck, the question whose answers define its segment (survey spec `segments.<dim>.question`). */
function definingQuestion(aggregates: Aggregates): string | undefined {
  const dimension = aggregates.rest?.segment.split(':')[0];
  return dimension ? aggregates.segments[dimension]?.[0]?.question : undefined;
}

/**
 * Why a segment's deck leaves a slide out, or undefined: a figure of no one in the segment, a figure on
 * the question that defines the segment or that question's chart of one answer, or a comparison with
 * an earlier wave the segment cannot cut.
 */
function segmentOmits(entry: SlideEntry, aggregates: Aggregates): string | undefined {
  /** The findings some argument paths name (`findings.ospoLarge.share` → ospoLarge). */
  const findingsOf = (paths: unknown[]) => paths.flatMap((p) => (typeof p === 'string' ? (/^findings\.([A-Za-z0-9]+)(?:\.|$)/.exec(p)?.[1] ?? []) : []));
  // The figures the slide is about: its headline figure, its highlighted bars and its KPIs.
  const figures = findingsOf([entry.args.share, ...(entry.chart?.highlight ?? []), ...((entry.bind.kpis as string[] | undefined) ?? [])]);
  // Every figure a sentence quotes too, but on a slide filling a deck's own slot (title, sources), which
  // states the sample and the source and keeps its place.
  const quoted = entry.slot ? [] : findingsOf(Object.values(entry.args));
  // A figure of no one (a finding on respondents with an OSPO, in the deck of those without one) cannot
  // be printed, nor a sentence about it.
  const empty = [...figures, ...quoted].find((id) => aggregates.findings[id] !== undefined && !(aggregates.findings[id].base.n > 0));
  if (empty) return `slide \`${entry.text.title ?? entry.template}\` left out: its figure \`findings.${empty}\` has no respondents in this segment`;
  // A figure on the question that defines the segment (who has an OSPO, in the deck of those without
  // one) is 0% or 100% by definition: a sentence about it says nothing of the segment.
  const defining = definingQuestion(aggregates);
  const onDefining = defining && figures.find((id) => aggregates.findings[id]?.question === defining);
  if (onDefining) return `slide \`${entry.text.title ?? entry.template}\` left out: its figure \`findings.${onDefining}\` counts answers to ${defining}, which defines this deck's segment`;
  // The defining question's own chart, where the segment is one of its answers: one bar at 100%
  // ("Most common answer: Engineer (100%)" in the engineers' deck) says nothing of the segment.
  const charted = defining && entry.chart?.rows === 'options' && entry.chart.question === `questions.${defining}` ? aggregates.questions[defining] : undefined;
  if (charted && charted.options.filter((o) => o.count > 0).length <= 1) return `slide \`${entry.text.title ?? charted.id}\` left out: it charts ${defining}, which defines this deck's segment (every respondent in it gave one answer)`;
  if (entry.chart?.rows !== 'trend' || !entry.chart.question) return undefined;
  const q = entry.chart.question.startsWith('questions.') ? aggregates.questions[entry.chart.question.slice('questions.'.length)] : undefined;
  return q && !q.trend ? `slide \`${entry.text.title ?? entry.template}\` left out: its chart compares with the earlier wave, which this segment's data does not have` : undefined;
}

/**
 * Expand `generate: questions` into a divider per section and a slide per question, and
 * `foreach: highlights` into the survey's highlights for this deck; a slot the survey fills is its highlight.
 */
function planSlides(
  manifest: DeckManifest,
  aggregates: Aggregates,
  catalogue: Catalogue,
  partsOf: (count: number, spec: string, planFor: (parts: number) => PlannedSlide[]) => PlannedSlide[],
): PlannedSlide[] {
  const out: PlannedSlide[] = [];
  // Keys survive edits to the manifest around an entry: they come from what the slide says, not where it is.
  const used = new Map<string, number>();
  const unique = (key: string) => {
    const seen = (used.get(key) ?? 0) + 1;
    used.set(key, seen);
    return seen === 1 ? key : `${key}~${seen}`;
  };
  for (const entry of manifest.slides) {
    if (isForeach(entry)) {
      for (const h of highlightsFor(aggregates.highlights, manifest.audience, entry.include)) {
        // A question's own slide, as full results draws it (its computed takeaway; no sentences to write).
        const q = h.question ? aggregates.questions[h.question] : undefined;
        if (q) {
          for (const p of questionSlides(q, entry.line, partsOf)) out.push({ ...p, key: unique(p.key) });
          continue;
        }
        const own = highlightEntry(h, catalogue, { file: manifest.file, line: entry.line });
        out.push({ entry: own, key: unique(slideKeyOf(own)) });
      }
      continue;
    }
    if (!isGenerate(entry)) {
      const h = entry.slot ? slotHighlight(aggregates.highlights, manifest.audience, entry.slot) : undefined;
      const own = h ? { ...highlightEntry(h, catalogue, { file: manifest.file, line: entry.line }), slot: entry.slot } : entry;
      out.push({ entry: own, key: unique(slideKeyOf(own)) });
      continue;
    }
    const openText: QuestionAggregate[] = [];
    let lastDivider = '';
    for (const section of aggregates.sections) {
      const questions = section.questions
        .filter((id) => !entry.exclude.includes(id))
        .map((id) => aggregates.questions[id])
        .filter((q): q is QuestionAggregate => !!q && q.slide !== false);
      const charted = questions.filter((q) => q.kind !== 'text');
      openText.push(...questions.filter((q) => q.kind === 'text'));
      if (charted.length === 0) continue;
      // The survey repeats a page title over consecutive pages (4–6); one divider is enough.
      if (section.title !== lastDivider) {
        out.push({
          entry: { template: 'section', text: { title: 'generated.section' }, args: {}, bind: {}, claims: [], line: entry.line },
          extra: { section },
          key: unique(`section-${section.id}`),
        });
      }
      lastDivider = section.title;
      for (const q of charted) for (const p of questionSlides(q, entry.line, partsOf)) out.push({ ...p, key: unique(p.key) });
    }
    if (openText.length > 0) {
      out.push({
        entry: { template: entry.appendix, text: { title: 'generated.appendix.title' }, args: {}, bind: {}, claims: [], line: entry.line },
        extra: { openText },
        key: unique('appendix'),
      });
    }
    // The open answers the spec lets the deck quote, a few per slide, after the list of open questions.
    for (const q of openText) {
      const pages = verbatimPages(q.verbatims ?? []);
      pages.forEach((quotes, i) => {
        out.push({
          entry: { template: entry.verbatims, text: {}, args: {}, bind: {}, claims: [], line: entry.line },
          extra: { question: q, quotes, part: pages.length > 1 ? { index: i + 1, count: pages.length } : null },
          key: unique(pages.length > 1 ? `verbatims-${q.id}-p${i + 1}` : `verbatims-${q.id}`),
        });
      });
    }
  }
  return out;
}

/** A question's generated slides: its chart by its kind, in as many parts as its answers need. */
function questionSlides(q: QuestionAggregate, line: number, partsOf: (count: number, spec: string, planFor: (parts: number) => PlannedSlide[]) => PlannedSlide[]): PlannedSlide[] {
  const rows = chartRowsOf(q);
  const spec = rows === 'items' ? 'stacked-100' : rows === 'trend' || rows === 'levels' ? 'grouped-bars' : 'bar-horizontal';
  const count = categoryCount(q, rows);
  const planFor = (parts: number): PlannedSlide[] =>
    Array.from({ length: parts }, (_, part) => {
      const slice: [number, number] = [Math.round((part * count) / parts), Math.round(((part + 1) * count) / parts)];
      return {
        entry: {
          template: 'question',
          text: {},
          args: {},
          bind: {},
          claims: [],
          chart: { spec, rows, question: `questions.${q.id}`, highlight: [], ...(parts > 1 ? { slice } : {}) },
          line,
        },
        extra: { question: q, part: parts > 1 ? { index: part + 1, count: parts } : null, continued: part > 0, ranked: rankedFirst(q) },
        key: parts > 1 ? `${q.id}-p${part + 1}` : q.id,
      };
    });
  return partsOf(count, spec, planFor);
}

/** How the full-results deck charts a question: by its kind and what the ingest counted. */
function chartRowsOf(q: QuestionAggregate): ChartBinding['rows'] {
  if (q.multiLevel) return 'levels';
  // A ranking is charted by the share ranking each item first (its options), not as a stack of ranks.
  if (q.kind === 'grid' && !q.ranking) return 'items';
  return q.trend ? 'trend' : 'options';
}

/** A ranking's most often first item's mean rank, for its takeaway (the chart's top bar, same tie-break). */
function rankedFirst(q: QuestionAggregate): { meanRank: number } | null {
  if (!q.ranking) return null;
  const [first] = [...q.options].sort((a, b) => b.share - a.share || a.code.localeCompare(b.code, 'en', { numeric: true }));
  const item = q.ranking.items.find((it) => it.code === first?.code);
  return item ? { meanRank: item.meanRank } : null;
}

/** Quotes per verbatim slide: at most this many, and about this many characters together. */
export const VERBATIMS_PER_SLIDE = 5;
export const VERBATIM_CHARS_PER_SLIDE = 650;

/** Verbatims in order, split into slides that each stay readable. */
export function verbatimPages(quotes: string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let chars = 0;
  for (const quote of quotes) {
    if (page.length > 0 && (page.length >= VERBATIMS_PER_SLIDE || chars + quote.length > VERBATIM_CHARS_PER_SLIDE)) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(quote);
    chars += quote.length;
  }
  if (page.length) pages.push(page);
  return pages;
}

/**
 * " Several answers allowed." for a chart of a question whose
 * respondents chose several answers (multi-select, a grid with several levels per row), so bars that
 * add up to 233% do not read as an error. Empty when its shares add up to 100% or less (everyone chose one).
 */
export function severalLine(question: QuestionAggregate | undefined, catalogue: Catalogue): string {
  if (!question) return '';
  const totals =
    question.kind === 'multi' ? [question.options.reduce((sum, o) => sum + o.share, 0)] : question.multiLevel ? (question.items ?? []).map((item) => item.levels.reduce((sum, l) => sum + l.share, 0)) : [];
  return totals.some((t) => t > 1 + 1e-9) ? ` ${catalogue.format('chart.several')}` : '';
}

/** How many substantive answers left off a chart are named one by one; more are counted ("4 more answers"). */
export const REST_NAMED_MAX = 2;

/**
 * " Not shown: Other 4% and Don't know 2%." for the answers a chart leaves out: every non-answer by
 * name, the substantive ones by name when there are few, else counted. Empty when none is left out.
 */
export function restLine(rest: { label: string; nonAnswer: boolean }[], catalogue: Catalogue): string {
  if (rest.length === 0) return '';
  const answers = rest.filter((r) => !r.nonAnswer).map((r) => r.label);
  const named = answers.length <= REST_NAMED_MAX ? answers : [catalogue.format('chart.moreAnswers', { count: answers.length })];
  const parts = [...named, ...rest.filter((r) => r.nonAnswer).map((r) => r.label)];
  return ` ${catalogue.format('chart.rest', { answers: new Intl.ListFormat(catalogue.locale, { type: 'conjunction' }).format(parts) })}`;
}

/**
 * The slides a generated question is drawn on: as many parts as its count asks (partsFor), then
 * more while some part cannot be drawn at the audience's smallest chart type in the frame its slide
 * will give it (each part bound as it will be: its takeaway and bar count decide the frame). A
 * question that fits in no split keeps the count's parts and fails with CHART_TOO_DENSE when its
 * chart is drawn, naming deck, slide and label. Each part is checked once per split tried.
 */
function partsThatFit(count: number, spec: string, planFor: (parts: number) => PlannedSlide[], input: BindInput, claims: Map<string, ClaimResult>): PlannedSlide[] {
  const first = partsFor(count, spec);
  const fits = input.chartFits;
  if (!fits) return planFor(first);
  const trial = { deck: input.manifest.audience, slide: 0 };
  // Splitting comes first: a part's small-base flag moves under the title only where no split fits.
  const asDrawn = { ...input, flagFitsAtTitle: undefined };
  const partFits = (planned: PlannedSlide) => {
    let slide: SlideSpec;
    try {
      slide = bindSlide(planned, asDrawn, [], claims, trial);
    } catch {
      return true; // the slide's own error is reported when the deck binds it
    }
    return slide.kind !== 'chart' || fits(slide.chartRequest);
  };
  for (let parts = first; parts <= Math.max(first, Math.ceil(count / 2)); parts++) {
    const plan = planFor(parts);
    if (plan.every(partFits)) return plan;
  }
  return planFor(first);
}

/** The box a chart slide's chart is drawn for (BindInput.chartBox). */
function chartBoxOf(input: BindInput, slide: ChartBoxSlide): ChartBox {
  return typeof input.chartBox === 'function' ? input.chartBox(slide) : input.chartBox;
}

/**
 * The chart request of a chart slide: rows, the box its slide's layout gives it, the audience's type
 * sizes, a split question's shared scale.
 */
function chartRequestFor(binding: ChartBinding, chart: ReturnType<typeof buildChartRows>, input: BindInput, where: string, slide: Omit<ChartBoxSlide, 'chartRequest'>): ChartRequest {
  const { manifest, catalogue } = input;
  const rows = stripRowKeys(input.suppressBelow === undefined ? chart.rows : chart.rows.filter((r) => !isSuppressed(r.share)));
  const box = chartBoxOf(input, { ...slide, chartRequest: { rows } });
  return {
    specId: binding.spec,
    specFile: path.join(input.chartsDir, `${binding.spec}.vl.json`),
    rows,
    widthIn: box.widthIn,
    heightIn: box.heightIn,
    locale: catalogue.locale,
    labels: {},
    altText: input.suppressBelow === undefined ? chart.altText : printSuppressed(chart.altText, input.suppressBelow, suppressedText(catalogue, input.suppressBelow)),
    ...(manifest.type ? { type: { fontSizePt: manifest.type.chartPt, minFontSizePt: manifest.type.chartMinPt } } : {}),
    ...(chart.shareMax !== undefined ? { shareMax: chart.shareMax } : {}),
    ...(chart.shareScaleCountTexts?.length ? { shareScaleCountTexts: chart.shareScaleCountTexts } : {}),
    ...(chart.shortLabels ? { shortLabels: chart.shortLabels } : {}),
    where,
  };
}

/** `exec.genai.title` → `exec.genai`; a slide without a title key is named by its template and text keys. */
function slideKeyOf(entry: SlideEntry): string {
  const title = entry.text.title;
  const key = title ? title.replace(/\.title$/, '') : [entry.template, ...Object.values(entry.text)].join('+');
  return key.replace(/[^\w.+-]/g, '_');
}

function bindSlide(
  planned: PlannedSlide,
  input: BindInput,
  claims: ClaimResult[],
  allClaims: Map<string, ClaimResult>,
  slideWhere: { deck: string; slide: number },
): SlideSpec {
  const { manifest, aggregates, templates, catalogue } = input;
  const { entry } = planned;
  const where = { file: manifest.file, line: entry.line };
  const template = templates.get(entry.template);
  if (!template) {
    throw error('UNKNOWN_TEMPLATE', `Unknown slide template \`${entry.template}\``, {
      ...where,
      hint: `templates/slides has: ${[...templates.keys()].join(', ')}`,
    });
  }

  const args: Record<string, string | number> = {};
  for (const [name, p] of Object.entries(entry.args)) {
    const v = resolveArg(aggregates, p, where);
    if (typeof v !== 'number' && typeof v !== 'string') {
      throw error('UNKNOWN_BINDING', `argument \`${name}\` (\`${p}\`) is not a number or a string`, where);
    }
    args[name] = v;
  }
  for (const r of claims) Object.assign(args, claimArgs(r, aggregates, catalogue));
  const bound: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(entry.bind)) {
    bound[name] = Array.isArray(p) ? p.map((one) => resolvePath(aggregates, one, where)) : resolvePath(aggregates, p, where);
  }

  const chart = entry.chart ? buildChartRows(entry.chart, aggregates, catalogue, where, allClaims, { maxAnswers: manifest.type?.maxAnswers }) : undefined;
  // Answer labels as they read inside a sentence, for the `t` helper (sentence case, bind/label-case.ts):
  // the claims' and the chart's most common answers ("Most common answer: {label}").
  const midSentence: Record<string, string> = {};
  for (const r of claims) Object.assign(midSentence, midSentenceClaimLabels(r, aggregates, catalogue));
  if (chart?.question) {
    const vocabulary = labelVocabulary(chart.question, aggregates, catalogue);
    for (const label of [chart.top.label, chart.top.second, ...(chart.top.tiedWith ?? [])]) {
      const inside = label ? midSentenceLabel(label, catalogue.locale, vocabulary) : label;
      if (inside !== label) midSentence[label] = inside;
    }
  }
  // Every answer tied for most common, as one list in the deck's language ("A, B, and C"; past three,
  // "and 5 more"): its form at a sentence's start keeps the first label's own case.
  const tied = chart ? tiedList(chart.top, midSentence, catalogue) : undefined;
  if (tied && tied.inside !== tied.start) midSentence[tied.start] = tied.inside;
  // A figure and its chart are one thing: the highlighted bars must add up to the printed figure.
  for (const h of chart?.highlighted ?? []) {
    // A suppressed figure (a segment's deck, a base under showCounts: NaN, printed "n < 10") draws no bar to add up.
    if (Number.isNaN(h.finding.share)) continue;
    if (roundPercent(h.drawn) !== roundPercent(h.finding.share)) {
      throw error(
        'CLAIM_MISMATCH',
        `deck ${slideWhere.deck}, slide ${slideWhere.slide}: figure \`findings.${h.finding.id}\` prints ${roundPercent(h.finding.share)}% (${h.finding.count} of ${h.finding.base.n}) but its highlighted bars draw ${roundPercent(h.drawn)}%`,
        { ...where, hint: 'the chart and the finding must use one base and the same answers (survey spec: base.nonAnswers, the finding\'s codes)' },
      );
    }
  }
  const thresholds = aggregates.thresholds ?? { smallBase: SMALL_BASE_N, showCounts: 10 };
  const figureBase = smallestFigureBase(entry, aggregates, where);
  const marks = entry.chart?.marks ? allClaims.get(entry.chart.marks) : undefined;
  const segs = marks && aggregates.claims[marks.name]?.kind === 'segments' ? (aggregates.claims[marks.name] as { segments: [string, string] }).segments : undefined;
  const segmentName = (id: string) => segmentLabel(catalogue, id, aggregates.segments);
  // Figures on a base under the spec's `showCounts` print as counts ("3 of 5") wherever a message
  // formats them as a percentage: argument name → the counts, read by the `t` helper. A segment's deck
  // suppresses such figures instead ("n < 10"): its counts would name the few respondents.
  const counted: Record<string, string> = {};
  // Weighted data prints shares too: its counts are sums of weights, no number of people.
  const weighted = isWeighted(aggregates);
  const noCounts = input.suppressBelow !== undefined || weighted;
  const countsOf = (count: number, n: number) => catalogue.format('figure.counts', { count, n });
  for (const [name, p] of Object.entries(entry.args)) {
    const m = /^findings\.(\w+)\.share$/.exec(p);
    const f = m ? aggregates.findings[m[1]] : undefined;
    if (f && f.base.n < thresholds.showCounts && !noCounts) counted[name] = countsOf(f.count, f.base.n);
  }
  if (!noCounts) for (const r of claims) Object.assign(counted, countedClaimArgs(r, catalogue, thresholds.showCounts));
  // A generated question slide's takeaway names its most common answer (`share`).
  // `countedFor`: the share each of these counts stands for, so that a message given another share under
  // the same name (a net's line on a question slide) prints its own percentage, not these counts.
  const countedFor: Record<string, number> = {};
  if (!noCounts && !('share' in entry.args) && chart?.top.n !== undefined && chart.top.n < thresholds.showCounts) {
    counted.share = countsOf(chart.top.count ?? 0, chart.top.n);
    countedFor.share = chart.top.share;
  }
  // An NPS question's takeaway names its promoters' and detractors' shares.
  const nps = chart?.question?.nps;
  if (!noCounts && nps && chart!.question!.base.n < thresholds.showCounts) {
    const n = chart!.question!.base.n;
    Object.assign(counted, { promoters: countsOf(nps.promoters.count, n), detractors: countsOf(nps.detractors.count, n) });
    Object.assign(countedFor, { promoters: nps.promoters.share, detractors: nps.detractors.share });
  }
  // A scale's takeaway names the shares at its two ends, each end's levels as one phrase ("Satisfied or
  // very satisfied": a later label as it reads inside a sentence).
  const ends = chart?.scaleEnds;
  const vocabularyOf = chart?.question ? labelVocabulary(chart.question, aggregates, catalogue) : new Set<string>();
  // A one-word level ("Always") is no name: it is lowered inside the phrase whether or not the survey writes it in lower case elsewhere.
  const phrase = (labels: string[]) =>
    new Intl.ListFormat(catalogue.locale, { type: 'disjunction' }).format(
      labels.map((l, i) => (i === 0 ? l : midSentenceLabel(l, catalogue.locale, new Set([...vocabularyOf, l.toLocaleLowerCase(catalogue.locale)])))),
    );
  const scaleEnds = ends && { good: { share: ends.good.share, levels: phrase(ends.good.labels) }, bad: { share: ends.bad.share, levels: phrase(ends.bad.labels) } };
  if (!noCounts && ends && ends.good.n < thresholds.showCounts) {
    Object.assign(counted, { good: countsOf(ends.good.count, ends.good.n), bad: countsOf(ends.bad.count, ends.bad.n) });
    Object.assign(countedFor, { good: ends.good.share, bad: ends.bad.share });
  }
  const context = {
    ...bound,
    counted,
    countedFor,
    midSentence,
    ...planned.extra,
    text: entry.text,
    args,
    survey: aggregates.survey,
    /** Whether shares are weighted (a methodology slide says so). */
    weighted,
    source: aggregates.source,
    deck: { audience: manifest.audience, locale: catalogue.locale },
    thresholds,
    chart: chart
      ? {
          question: chart.question ?? null,
          base: { ...chart.base, asked: respondentsAsked(chart.base) }, // weighted data: people, not sums of weights
          top: { ...chart.top, tied: tied?.start ?? '' },
          scaleEnds: scaleEnds ?? null,
          minBase: chart.minBase,
          smallBase: chart.minBase < thresholds.smallBase,
          // What the chart draws, bar by bar, in words (as its alt text reads them): a generated slide's speaker notes.
          spoken: chart.spoken,
          groups: chart.groups ? groupList(catalogue, chart.groups) : null,
          highlight: chart.highlighted.length === 1 ? chart.highlighted[0].drawn : null,
          // The footnote's "Highlighted bars: 84% together": for two bars or more (one bar's label prints its
          // share already), or where it names the highlighted bars' own base among bars of other bases.
          highlightSum: chart.highlighted.length === 1 && (chart.rows.filter((r) => r.highlight === true).length > 1 || chart.highlightN !== undefined) ? chart.highlighted[0].drawn : null,
          // The highlighted bars as the big number beside them prints them: "6 of 8" on a base under showCounts, as the takeaway does.
          highlightFigure: chart.highlighted.length === 1 ? { share: chart.highlighted[0].drawn, count: chart.highlighted[0].finding.count, base: chart.highlighted[0].finding.base } : null,
          // The highlighted row's own base, when the chart's bars have bases of their own.
          highlightN: chart.highlightN ?? null,
          // The answers the chart leaves out, named: " Also: Other 4% and Don't know 2%."
          // A deck that caps its answers (the talk's `type.maxAnswers`) names what it leaves off under
          // the chart. Other decks' `top:` cuts are editorial choices whose footnotes are full already.
          rest: manifest.type?.maxAnswers ? restLine(chart.rest, catalogue) : '',
          // " Several answers allowed: …" under a multi-select whose shares add up to more than 100%.
          several: severalLine(chart.question, catalogue),
          sig:
            marks && segs
              ? catalogue.format(marks.outcome === 'differ' ? 'chart.sigLegend' : 'chart.sigNone', {
                  other: segmentName(segs[1]),
                  a: segmentName(segs[0]),
                  b: segmentName(segs[1]),
                  level: marks.test?.level ?? 0.95,
                  answers: marks.perAnswer?.length ?? 0,
                })
              : null,
        }
      : null,
  };

  let rendered: string;
  try {
    rendered = template.render(context, { catalogue, locale: catalogue.locale, segments: aggregates.segments });
    if (input.suppressBelow !== undefined) rendered = printSuppressed(rendered, input.suppressBelow, suppressedText(catalogue, input.suppressBelow));
  } catch (e) {
    if (e instanceof SurveydeckError) {
      // A message error inside a template: say which slide asked for it.
      throw new SurveydeckError(e.diagnostics.map((d) => ({ ...d, hint: d.hint ?? `slide at ${where.file}:${where.line}, template ${template.file}` })));
    }
    throw error('TEMPLATE_RENDER', handlebarsMessage(e), { file: template.file, ...handlebarsLocation(e), hint: `slide at ${where.file}:${where.line}` }, e);
  }

  // Catalogues, aggregates and templates are checked as they load; this catches whatever a helper
  // or a data value still lets through, before it can reach a slide or its notes.
  const bad = findXmlForbiddenChar(rendered);
  if (bad) {
    throw new SurveydeckError(
      { ...xmlTextDiagnostic('TEMPLATE_RENDER', `the rendered slide (output line ${lineColumnAt(rendered, bad.index).line})`, bad, { file: template.file }), hint: `slide at ${where.file}:${where.line}` },
    );
  }

  let fm: z.infer<typeof frontMatterSchema>;
  let body: string;
  try {
    const parsed = matter(rendered);
    const check = frontMatterSchema.safeParse(parsed.data);
    if (!check.success) {
      throw error('TEMPLATE_FRONT_MATTER', check.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`).join('; '), {
        file: template.file,
      });
    }
    fm = check.data;
    body = parsed.content;
  } catch (e) {
    if (e instanceof SurveydeckError) throw e;
    throw error('TEMPLATE_FRONT_MATTER', `front matter is not valid YAML after rendering: ${(e as Error).message.split('\n')[0]}`, { file: template.file }, e);
  }

  const slide: SlideDraft = SLIDE_BUILDERS[fm.layout](parseMarkdown(body), template.file);
  if (!slide.title.trim()) throw error('TEMPLATE_RENDER', 'every slide needs a title (a `# heading`)', { file: template.file, hint: `slide at ${where.file}:${where.line}` });
  if (fm.notes?.trim()) slide.notes = fm.notes.trim();
  if (fm.footnote?.trim()) slide.footnote = fm.footnote.trim();
  if (Object.keys(entry.args).length) slide.figures = Object.fromEntries(Object.entries(entry.args).map(([name, p]) => [p, args[name]]));
  // Small bases on every figure, not only on charts: a KPI, callout, bullet or note on a base under
  // the spec's threshold carries the same flag as a chart.
  const smallest = Math.min(chart?.minBase ?? Infinity, figureBase);
  if (smallest < thresholds.smallBase) slide.warning = catalogue.format('chart.smallBase', { n: Math.round(smallest), min: thresholds.smallBase });

  if (slide.kind !== 'chart') return slide;
  if (fm.bigNumber?.trim()) slide.bigNumber = fm.bigNumber.trim();
  if (!entry.chart || !chart) throw error('INVALID_DECK', `template \`${entry.template}\` has layout chart but the slide binds no \`chart\``, where);
  const specFile = path.join(input.chartsDir, `${entry.chart.spec}.vl.json`);
  if (!existsSync(specFile)) throw error('UNKNOWN_CHART', `No chart spec \`${entry.chart.spec}\``, { ...where, hint: `expected ${specFile}` });
  // Named as the deck's file is: a segment's deck (`conference-talk.region-europe.en`) among the matrix's.
  const segment = aggregates.rest ? `.${aggregates.rest.segment.replace(':', '-')}` : '';
  const chartWhere = `${manifest.audience}${segment}.${catalogue.locale} slide ${slideWhere.slide}`;
  const request = chartRequestFor(entry.chart, chart, input, chartWhere, slide);
  const noGlyph = input.brand ? chartGlyphsMissing(request, input.brand, chartWhere, template.file) : [];
  if (noGlyph.length) throw new SurveydeckError(noGlyph);
  // A small base's flag beside the chart (in its callout, widened to hold it) or under it narrows or
  // shortens the chart; where its labels then cannot be drawn at the audience's smallest chart type,
  // the flag goes under the title, as on other slides, and the chart keeps the room.
  // A takeaway beside a chart of many bars narrows it; where its labels then cannot be drawn, the
  // takeaway goes under the title and the chart takes the full width, before the question is split.
  // Only arrangements that give the chart another box are tried, so a chart checked as it is drawn
  // is checked once.
  if (input.chartFits) {
    const flagMoves = slide.warning !== undefined && input.flagFitsAtTitle?.(slide.warning) === true;
    const variants: Partial<SlideOf<'chart'>>[] = [
      ...(flagMoves ? [{ flagAtTitle: true }] : []),
      ...(slide.takeaway && !slide.bigNumber ? [{ takeawayAtTitle: true }, ...(flagMoves ? [{ takeawayAtTitle: true, flagAtTitle: true }] : [])] : []),
    ];
    const moves = variants
      .map((variant) => ({ ...slide, ...variant }))
      .filter((moved) => {
        const box = chartBoxOf(input, { ...moved, chartRequest: { rows: request.rows } });
        return box.widthIn !== request.widthIn || box.heightIn !== request.heightIn;
      });
    if (moves.length > 0 && !input.chartFits(request)) {
      for (const moved of moves) {
        const movedRequest = chartRequestFor(entry.chart, chart, input, chartWhere, moved);
        if (input.chartFits(movedRequest)) return { ...moved, chartRequest: movedRequest };
      }
    }
  }
  return { ...slide, chartRequest: request };
}

/**
 * GLYPH_MISSING for a chart's words (answer labels, titles, legends) no font draws: the brand's, its East
 * Asian face in a Chinese or Japanese deck, then the fallbacks the chart renderer and the measurer share.
 * A picture would show an empty box where "💸" was, and a native chart the viewer's own fallback.
 */
function chartGlyphsMissing(request: ChartRequest, brand: Brand, where: string, file: string): Diagnostic[] {
  const families = parseFontList(chartFontFor(brand, request.locale));
  const chain = [...families, ...FALLBACK_FAMILIES.filter((f) => !families.includes(f))];
  const texts = chartTexts(request);
  // In the order met: the characters no face draws, and the texts that hold them.
  const missing = new Set<string>();
  const inTexts = new Set<string>();
  for (const t of texts) {
    for (const ch of t) {
      if (isInvisibleChar(ch) || (!missing.has(ch) && faceForCodePoint(ch.codePointAt(0)!, chain, 400))) continue;
      missing.add(ch);
      inTexts.add(t);
    }
  }
  if (missing.size === 0) return [];
  const quoted = [...inTexts].slice(0, 3).map((t) => `"${t}"`).join(', ') + (inTexts.size > 3 ? `, and ${inTexts.size - 3} more` : '');
  return [
    {
      severity: 'error' as const,
      code: 'GLYPH_MISSING' as const,
      message: `No glyph for ${missingCharsText([...missing])} in ${chain.map((f) => `\`${f}\``).join(' or ')}: ${where}, chart \`${request.specId}\`, in ${quoted}`,
      file,
      hint: `${scriptHint([...missing])}a chart draws them as empty boxes: word the label without them (an answer label: give the question \`labels: { <code>: <label shown> }\` in the survey spec)`,
    },
  ];
}

/** The smallest base among the findings a slide prints (args and bound objects that are findings). */
function smallestFigureBase(entry: SlideEntry, aggregates: Aggregates, where: { file: string; line: number }): number {
  const paths = [...Object.values(entry.args).flatMap((p) => [...p.matchAll(/findings\.(\w+)/g)].map((m) => m[1])), ...Object.values(entry.bind).flat().flatMap((p) => [...p.matchAll(/^findings\.(\w+)$/g)].map((m) => m[1]))];
  let n = Infinity;
  for (const id of paths) {
    const f = aggregates.findings[id] ?? (resolvePath(aggregates, `findings.${id}`, where) as never);
    n = Math.min(n, testBase(f.base));
  }
  return n;
}

/**
 * A number of people as a sentence prints it. Weighted data's `base.n` and `base.asked` are sums of
 * weights (576.409): a sentence gets the respondents counted; and a `count`, the weighted share of them.
 */
function asPrinted(aggregates: Aggregates, expr: string, value: unknown): unknown {
  const m = /^(.+)\.(base\.n|base\.asked|count)$/.exec(expr);
  if (!m || typeof value !== 'number') return value;
  const owner = resolvePath(aggregates, m[1], { file: '', line: 0 }) as { base?: Base; share?: number };
  const base = owner?.base;
  if (!base || base.unweightedN === undefined) return value;
  if (m[2] === 'base.n') return respondentsIn(base);
  if (m[2] === 'base.asked') return respondentsAsked(base);
  return typeof owner.share === 'number' ? Math.round(owner.share * respondentsIn(base)) : value;
}

/**
 * An argument is a path into the aggregates, or `ratio(pathA, pathB)` for "4× as likely" phrasing
 * (a / b to one decimal), so that even derived numbers come from the data.
 */
function resolveArg(aggregates: Aggregates, expr: string, where: { file: string; line: number }): unknown {
  const m = /^ratio\(\s*([\w.:-]+)\s*,\s*([\w.:-]+)\s*\)$/.exec(expr);
  if (!m) return asPrinted(aggregates, expr, resolvePath(aggregates, expr, where));
  const [a, b] = [resolvePath(aggregates, m[1], where), resolvePath(aggregates, m[2], where)];
  if (typeof a !== 'number' || typeof b !== 'number') throw error('UNKNOWN_BINDING', `\`${expr}\` needs two numbers`, where);
  return ratio(a, b);
}

// ───────────────────────── per-kind builders: Markdown blocks → SlideSpec ─────────────────────────

/** A slide as its template gives it: a chart slide's request is added by bindSlide. */
type SlideDraft = { [K in SlideKind]: Omit<SlideOf<K>, 'chartRequest'> }[SlideKind];
type SlideBuilder<K extends SlideKind> = (blocks: Block[], templateFile: string) => Omit<SlideOf<K>, 'chartRequest'>;

function headings(blocks: Block[], depth: number): string[] {
  return blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading' && b.depth === depth).map((b) => plainText(b.runs));
}

function paragraphs(blocks: Block[]): Paragraph[] {
  return blocks.flatMap((b) => (b.type === 'paragraphs' ? b.paragraphs : []));
}

function titleOf(blocks: Block[]): string {
  return headings(blocks, 1)[0] ?? '';
}

function subtitleOf(blocks: Block[]): { subtitle?: string } {
  const subtitle = headings(blocks, 2)[0];
  return subtitle ? { subtitle } : {};
}

const SLIDE_BUILDERS: { [K in SlideKind]: SlideBuilder<K> } = {
  /** Title slides: headings, and any paragraphs as the byline. */
  title: (blocks, file) => {
    const body = paragraphs(blocks);
    return { kind: 'title', templateFile: file, title: titleOf(blocks), ...subtitleOf(blocks), ...(body.length ? { body } : {}) };
  },
  section: (blocks, file) => ({ kind: 'section', templateFile: file, title: titleOf(blocks), ...subtitleOf(blocks) }),
  agenda: (blocks, file) => ({ kind: 'agenda', templateFile: file, title: titleOf(blocks) }),
  bullets: (blocks, file) => ({ kind: 'bullets', templateFile: file, title: titleOf(blocks), body: paragraphs(blocks) }),
  sources: (blocks, file) => ({ kind: 'sources', templateFile: file, title: titleOf(blocks), body: paragraphs(blocks) }),
  'big-numbers': (blocks, file) => {
    const kpis: Kpi[] = [];
    for (const p of paragraphs(blocks)) {
      if (p.bulletLevel === 1) {
        const [first, ...rest] = p.runs;
        if (!first?.bold) throw error('TEMPLATE_RENDER', 'a big-numbers item starts with the number in bold: `- **84%** label`', { file });
        kpis.push({ value: first.text.trim(), label: plainText(rest).trim() });
      } else if (p.bulletLevel === 2 && kpis.length) {
        kpis[kpis.length - 1].note = plainText(p.runs).trim();
      }
    }
    if (kpis.length < 2 || kpis.length > 4) {
      throw error('TEMPLATE_RENDER', `a big-numbers slide shows 2 to 4 numbers, got ${kpis.length}`, { file });
    }
    return { kind: 'big-numbers', templateFile: file, title: titleOf(blocks), kpis };
  },
  chart: (blocks, file) => {
    const text = paragraphs(blocks).map((p) => plainText(p.runs).trim()).filter(Boolean);
    return { kind: 'chart', templateFile: file, title: titleOf(blocks), ...(text.length ? { takeaway: text.join(' ') } : {}) };
  },
  'two-column': (blocks, file) => {
    const columns: { heading: string; body: Paragraph[] }[] = [];
    for (const b of blocks) {
      if (b.type === 'heading' && b.depth === 2) columns.push({ heading: plainText(b.runs), body: [] });
      else if (b.type === 'paragraphs' && columns.length) columns[columns.length - 1].body.push(...b.paragraphs);
    }
    if (columns.length !== 2) throw error('TEMPLATE_RENDER', `a two-column slide has exactly two \`## column\` headings, got ${columns.length}`, { file });
    return { kind: 'two-column', templateFile: file, title: titleOf(blocks), columns: [columns[0], columns[1]] };
  },
  quote: (blocks, file) => {
    const q = blocks.find((b): b is Extract<Block, { type: 'quote' }> => b.type === 'quote');
    if (!q) throw error('TEMPLATE_RENDER', 'a quote slide needs a `> quote`', { file });
    const lines = q.paragraphs.map((p) => plainText(p.runs).trim());
    const last = lines[lines.length - 1] ?? '';
    const attributed = /^[—–-]{1,2}\s*/.test(last) && lines.length > 1;
    const quote = {
      text: (attributed ? lines.slice(0, -1) : lines).join(' '),
      ...(attributed ? { attribution: last.replace(/^[—–-]{1,2}\s*/, '') } : {}),
    };
    return { kind: 'quote', templateFile: file, title: titleOf(blocks), quote };
  },
};

/** The most answers a tie names before "and N more". */
const TIED_NAMED = 3;

/** The answers tied for most common as one list, at a sentence's start and inside one. */
function tiedList(top: BuiltChart['top'], midSentence: Record<string, string>, catalogue: Catalogue): { start: string; inside: string } | undefined {
  const others = top.tiedWith ?? [];
  if (top.outcome !== 'tied' || others.length === 0) return undefined;
  const list = new Intl.ListFormat(catalogue.locale, { type: 'conjunction' });
  const named = [top.label, ...others].slice(0, TIED_NAMED);
  const more = others.length + 1 - named.length;
  const tail = more > 0 ? [catalogue.format('question.tiedMore', { count: more })] : [];
  const inside = (l: string) => midSentence[l] ?? l;
  return { start: list.format([named[0], ...named.slice(1).map(inside), ...tail]), inside: list.format([...named.map(inside), ...tail]) };
}
