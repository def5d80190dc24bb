// Load stage: templates/decks/<audience>.yaml → a validated deck manifest. Reads files. Keeps the
// YAML line of every slide so that bind errors can point at the manifest entry that caused them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cachedValidation, type ValidationCache } from './validation-cache.js';
import { yaml } from './yaml-lazy.js';
import { error, expectedOneOf } from '../diagnostics.js';
import { zodIssuesAtNodes } from './zod-diagnostics.js';
import { INPUT_LIMITS, readBoundedFile } from './input-bounds.js';
import { decodeUtf8 } from './xml-text.js';
import { CHART_MODES, CHART_ROWS, type BodyType, type ChartMode } from '../ir.js';

export { CHART_ROWS };

const chartBindingSchema = z.object({
  spec: z.string().min(1),
  rows: z.enum(CHART_ROWS),
  /** Path of the question (options, items, trend, segments). */
  question: z.string().optional(),
  /** Crosstab name and the segments to compare (rows: segments). */
  by: z.string().optional(),
  segments: z.array(z.string()).optional(),
  /** Paths of findings (rows: findings). */
  findings: z.array(z.string()).optional(),
  /** Keep only the top N options by share. */
  top: z.number().int().positive().optional(),
  /**
   * Findings (paths) the slide prints whose answers the chart draws: their bars are highlighted and
   * the build checks that the highlighted bars add up to the printed figure (CLAIM_MISMATCH).
   */
  highlight: z.array(z.string()).default([]),
  /** A `segments` claim whose per-answer tests mark the bars (▲/▼) and give the footnote's legend line. */
  marks: z.string().optional(),
  /** Draw only categories [from, to) after sorting: a long question split over several slides. */
  slice: z.tuple([z.number().int().min(0), z.number().int().min(1)]).optional(),
});
export type ChartBinding = z.infer<typeof chartBindingSchema>;

const slideEntrySchema = z.object({
  template: z.string().min(1),
  /** Message keys the template formats, by role: title, subtitle, takeaway … */
  text: z.record(z.string(), z.string()).default({}),
  /** ICU arguments for every message on the slide, as paths into the aggregates. */
  args: z.record(z.string(), z.string()).default({}),
  /** Objects made available to the template by name, as paths (or lists of paths) into the aggregates. */
  bind: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  chart: chartBindingSchema.optional(),
  /**
   * Claims (declared in the survey spec) the slide's sentences rest on: each adds its outcome and
   * figures as ICU arguments named after it, and every message selecting on it needs a sentence
   * for the outcome (else CLAIM_UNSUPPORTED).
   */
  claims: z.array(z.string().regex(/^[a-z][A-Za-z0-9]*$/)).default([]),
  /**
   * Names the slide as a place a survey may fill with its own: a highlight with `replaces: <slot>`
   * (say, a sources slide that explains a figure the published report gives differently) is bound here instead.
   */
  slot: z.string().regex(/^[a-z][A-Za-z0-9-]*$/).optional(),
});
export type SlideEntry = z.infer<typeof slideEntrySchema> & { line: number };

/** One generated slide per question of the survey, section dividers between sections. */
const generateEntrySchema = z.object({
  generate: z.literal('questions'),
  /** Template for open-text questions, listed rather than charted. */
  appendix: z.string().default('bullets'),
  /** Template for the open answers the survey spec lets the deck quote (`verbatims:`), a few per slide. */
  verbatims: z.string().default('verbatims'),
  /** Questions left out (e.g. a screening question everyone answered the same way). */
  exclude: z.array(z.string()).default([]),
});
export type GenerateEntry = z.infer<typeof generateEntrySchema> & { line: number };

/**
 * The survey spec's highlights, one slide each, in the spec's order: those whose `decks` name this
 * deck or that name no deck (and take no slot). What a new survey needs no template for.
 */
const foreachEntrySchema = z
  .object({
    foreach: z.literal('highlights'),
    /** `all`: highlights for this deck and those that name no deck; `named`: only those whose `decks` name this one. */
    include: z.enum(['all', 'named']).default('all'),
  })
  .strict();
export type ForeachEntry = z.infer<typeof foreachEntrySchema> & { line: number };

/**
 * Type sizes of the deck's audience, points on the slide. A talk is read from the back of a hall;
 * a briefing or a handout from a screen or paper. The brand's `minFontSizePt` stays a floor.
 */
const typeSchema = z
  .object({
    /** Body text. */
    bodyPt: z.number().min(8).max(60).optional(),
    /**
     * Body text never below this (layouts give it room first: wider columns, the small-base flag under the
     * title); text that does not fit at it is TEXT_OVERFLOW. The brand's `minFontSizePt` when absent.
     */
    bodyMinPt: z.number().min(8).max(60).optional(),
    /** Two columns side by side (half the width each) never below this; `bodyMinPt` when absent. */
    columnMinPt: z.number().min(8).max(60).optional(),
    /** Chart labels, legends and values start at this size … */
    chartPt: z.number().min(8).max(60),
    /** … and never go below this one: a chart that needs smaller type splits, uses short labels, or fails (CHART_TOO_DENSE). */
    chartMinPt: z.number().min(8).max(60),
    /** Most answers (or grid items) one chart shows; the rest are named under the chart. */
    maxAnswers: z.number().int().min(2).optional(),
  })
  .strict()
  .refine((t) => t.chartMinPt <= t.chartPt, { message: '`chartMinPt` must not be larger than `chartPt`', path: ['chartMinPt'] })
  .refine((t) => t.bodyPt === undefined || t.chartMinPt <= t.bodyPt, { message: '`chartMinPt` must not be larger than `bodyPt`', path: ['chartMinPt'] })
  .refine((t) => t.bodyMinPt === undefined || t.bodyPt === undefined || t.bodyMinPt <= t.bodyPt, { message: '`bodyMinPt` must not be larger than `bodyPt`', path: ['bodyMinPt'] })
  .refine((t) => t.columnMinPt === undefined || t.bodyPt === undefined || t.columnMinPt <= t.bodyPt, { message: '`columnMinPt` must not be larger than `bodyPt`', path: ['columnMinPt'] });
export type DeckType = z.infer<typeof typeSchema>;

/** The body sizes of a manifest's `type`, as the layout takes them (DeckSpec.bodyType); undefined when it sets none. */
export function bodyTypeOf(type: DeckType | undefined): BodyType | undefined {
  if (!type) return undefined;
  const body: BodyType = {
    ...(type.bodyPt !== undefined ? { bodyPt: type.bodyPt } : {}),
    ...(type.bodyMinPt !== undefined ? { bodyMinPt: type.bodyMinPt } : {}),
    ...(type.columnMinPt !== undefined ? { columnMinPt: type.columnMinPt } : {}),
  };
  return Object.keys(body).length > 0 ? body : undefined;
}

/** A deck manifest; its JSON Schema (schemas/deck-manifest.schema.json, `npm run schemas`) is derived from this. */
export const deckSchema = z.object({
  /** Message key of the deck title. */
  title: z.string().min(1),
  type: typeSchema.optional(),
  /** What lands on chart slides unless `build --charts` says otherwise: pictures, or native, editable charts. */
  charts: z.enum(CHART_MODES).optional(),
  slides: z.array(z.union([generateEntrySchema, foreachEntrySchema, slideEntrySchema])).min(1),
});

export interface DeckManifest {
  audience: string;
  file: string;
  title: string;
  /** The deck's default chart mode, when its manifest names one. */
  charts?: ChartMode;
  /** Type sizes of the audience, when the manifest sets them (else the brand's). */
  type?: DeckType;
  slides: ManifestEntry[];
}

export type ManifestEntry = SlideEntry | GenerateEntry | ForeachEntry;

export function isGenerate(entry: ManifestEntry): entry is GenerateEntry {
  return 'generate' in entry;
}

export function isForeach(entry: ManifestEntry): entry is ForeachEntry {
  return 'foreach' in entry;
}

export function decksDir(templatesDir: string): string {
  return path.join(templatesDir, 'decks');
}

export function listAudiences(templatesDir: string): string[] {
  const dir = decksDir(templatesDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** With `cache`, a manifest validated before by the same code is not parsed again (validation-cache.ts). */
export function loadDeckManifest(templatesDir: string, audience: string, cache?: ValidationCache): DeckManifest {
  const known = listAudiences(templatesDir);
  if (!known.includes(audience)) {
    throw error('UNKNOWN_AUDIENCE', expectedOneOf('audience', known, audience), {
      hint: `add templates/decks/${audience}.yaml to create it`,
    });
  }
  const file = path.join(decksDir(templatesDir), `${audience}.yaml`);
  const bytes = readBoundedFile(file, INPUT_LIMITS.templateBytes, 'the deck manifest');
  return cachedValidation(cache, 'deck', file, bytes, (): DeckManifest => {
    const { LineCounter, parseDocument, isMap, isSeq } = yaml();
    const lineCounter = new LineCounter();
    const doc = parseDocument(decodeUtf8(bytes, 'INVALID_DECK', file), { lineCounter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw error('INVALID_DECK', e.message.split('\n')[0], { file, line: e.linePos?.[0]?.line, column: e.linePos?.[0]?.col });
    }
    let data: unknown;
    try {
      data = doc.toJS(); // the yaml library refuses an alias bomb here (maxAliasCount)
    } catch (e) {
      throw error('INVALID_DECK', (e as Error).message.split('\n')[0], { file, hint: 'anchors and aliases may be used a hundred times at most' }, e);
    }
    const parsed = deckSchema.safeParse(data);
    if (!parsed.success) throw zodIssuesAtNodes('INVALID_DECK', file, parsed.error, doc, lineCounter);
    const slidesNode = doc.get('slides', true);
    const lines: number[] = isSeq(slidesNode)
      ? slidesNode.items.map((item) => (isMap(item) && item.range ? lineCounter.linePos(item.range[0]).line : 0))
      : [];
    return {
      audience,
      file,
      title: parsed.data.title,
      ...(parsed.data.charts ? { charts: parsed.data.charts } : {}),
      ...(parsed.data.type ? { type: parsed.data.type } : {}),
      slides: parsed.data.slides.map((s, i) => ({ ...s, line: lines[i] ?? 0 })),
    };
  });
}
