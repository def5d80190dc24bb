// Load stage: the zod schema of the aggregates file (see ir.ts `Aggregates`). Pure.
// Shares must lie in 0..1 and counts must not exceed their base: a file that breaks either is wrong.
import { z } from 'zod';
import { CHART_ROWS, LOCALES } from '../ir.js';

const share = z.number().min(0).max(1);
// Whole numbers, except in weighted data (sums of weights; `unweightedN` stays whole).
const count = z.number().min(0);
const wholeCount = z.number().int().min(0);

export const baseSchema = z.object({
  n: count,
  asked: count,
  population: z.string().min(1),
  description: z.string().min(1),
  includesDontKnow: z.boolean(),
  excluded: z.object({ count, share, kinds: z.array(z.enum(['dontKnow', 'noAnswer'])).min(1).optional() }).optional(),
  effectiveN: z.number().min(0).optional(),
  unweightedN: wholeCount.optional(),
  unweightedAsked: wholeCount.optional(),
  unweightedAnswered: wholeCount.optional(),
});

export const optionStatSchema = z.object({
  code: z.string(),
  label: z.string(),
  count,
  share,
  nonAnswer: z.enum(['dontKnow', 'noAnswer', 'other', 'none']).optional(),
  shortLabel: z.string().optional(),
});

const npsGroupInSegment = z.object({ count, share });
const segmentStatSchema = z.object({
  segment: z.string(),
  base: baseSchema,
  options: z.array(optionStatSchema),
  numeric: z.object({ mean: z.number(), median: z.number(), min: z.number(), max: z.number(), openEnds: z.literal(true).optional() }).optional(),
  nps: z.object({ score: z.number().min(-100).max(100), promoters: npsGroupInSegment, passives: npsGroupInSegment, detractors: npsGroupInSegment }).optional(),
});

const netSchema = z.object({ id: z.string(), label: z.string(), codes: z.array(z.string()), count, share });

const gridItemSchema = z.object({
  code: z.string(),
  label: z.string(),
  shortLabel: z.string().optional(),
  base: baseSchema,
  levels: z.array(optionStatSchema),
  nets: z.array(netSchema).optional(),
});

const npsGroup = z.object({ count, share });

export const questionSchema = z.object({
  id: z.string(),
  section: z.string(),
  kind: z.enum(['single', 'multi', 'grid', 'numeric', 'text']),
  text: z.string(),
  shortText: z.string().optional(),
  ordinal: z.boolean().optional(),
  base: baseSchema,
  options: z.array(optionStatSchema),
  items: z.array(gridItemSchema).optional(),
  scale: z.array(z.string()).optional(),
  polarity: z.enum(['ascending', 'descending']).optional(),
  neutral: z.string().optional(),
  crosstabs: z.record(z.string(), z.array(segmentStatSchema)).optional(),
  trend: z
    .object({ year: z.number().int(), questionId: z.string(), base: baseSchema, options: z.array(optionStatSchema) })
    .optional(),
  textAnswers: count.optional(),
  verbatims: z.array(z.string()).optional(),
  numeric: z.object({ mean: z.number(), median: z.number(), min: z.number(), max: z.number(), openEnds: z.literal(true).optional() }).optional(),
  nps: z.object({ score: z.number().min(-100).max(100), promoters: npsGroup, passives: npsGroup, detractors: npsGroup }).optional(),
  ranking: z
    .object({
      top: z.number().int().min(1),
      items: z.array(z.object({ code: z.string(), label: z.string(), meanRank: z.number().min(1), firstShare: share, topShare: share, n: count })),
    })
    .optional(),
  multiLevel: z.boolean().optional(),
  nets: z.array(netSchema).optional(),
  slide: z.literal(false).optional(),
});

export const findingSchema = z.object({
  id: z.string(),
  question: z.string(),
  codes: z.array(z.string()),
  item: z.string().optional(),
  segment: z.string().optional(),
  count,
  base: baseSchema,
  share,
  published: z.object({ share, note: z.string() }).optional(),
});

const highlightSchema = z.object({
  id: z.string().min(1),
  template: z.string().min(1),
  question: z.string().optional(),
  finding: z.string().optional(),
  kpis: z.array(z.string()).optional(),
  chart: z
    .object({
      rows: z.enum(CHART_ROWS),
      question: z.string().optional(),
      spec: z.string().min(1),
      by: z.string().optional(),
      segments: z.array(z.string()).optional(),
      findings: z.array(z.string()).optional(),
      top: z.number().int().positive().optional(),
      highlight: z.array(z.string()),
      marks: z.string().optional(),
    })
    .optional(),
  claims: z.array(z.string()),
  args: z.record(z.string(), z.string()),
  text: z.record(z.string(), z.string()),
  decks: z.array(z.string()).optional(),
  replaces: z.string().optional(),
});

/** A path inside the aggregates' folder: relative, "/"-separated, no "..", so a build never reads outside it. */
export function isInsidePath(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && p.length <= 1000 && !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.includes('\\') && !p.includes('\0') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
const insidePath = z.string().refine(isInsidePath, 'a relative path inside the aggregates\' folder');

export const aggregatesSchema = z.object({
  schemaVersion: z.literal(1),
  spec: z.object({ file: insidePath.optional(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict().optional(),
  survey: z.object({
    id: z.string(),
    title: z.string(),
    year: z.number().int(),
    language: z.enum(LOCALES).optional(),
    respondents: count,
    fieldedFrom: z.string().optional(),
    fieldedTo: z.string().optional(),
  }),
  source: z.object({
    publisher: z.string(),
    title: z.string(),
    license: z.string(),
    licenseUrl: z.string(),
    dataUrl: z.string(),
    attribution: z.string(),
  }),
  sections: z.array(z.object({ id: z.string(), title: z.string(), questions: z.array(z.string()) })),
  segments: z.record(z.string(), z.array(z.object({ id: z.string(), label: z.string(), short: z.string().optional(), question: z.string().optional(), n: count }))),
  questions: z.record(z.string(), questionSchema),
  findings: z.record(z.string(), findingSchema),
  claims: z.record(z.string(), z.record(z.string(), z.unknown())),
  thresholds: z.object({ smallBase: count, showCounts: count }),
  significance: z.object({ level: z.number().gt(0).lt(1) }),
  highlights: z.array(highlightSchema).default([]),
});
