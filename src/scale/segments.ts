// Scale: one deck per segment value (`build --per region`). Which segments a dimension has and how
// many respondents each, where each segment's aggregates live, and which get no deck. Pure except
// aggregateSegmentFiles, which runs the ingest once per segment and writes the files.
//
//   aggregate --per region ─▶ <data folder>/segments/region-europe.json … (a full aggregates file, that segment's respondents only)
//   build --per region     ─▶ output/<audience>.region-europe.<locale>.pptx from it, small cells suppressed
import path from 'node:path';
import { error, expectedOneOf, SurveydeckError, warning, type Diagnostic } from '../diagnostics.js';
import type { Aggregates } from '../ir.js';
import type { Catalogue } from '../load/catalogue.js';
import { segmentLabel } from '../bind/labels.js';

/** A segment value a deck is built for: `region:europe` in dimension `region`. */
export interface SegmentTarget {
  dimension: string;
  /** Full id as the aggregates write it, `region:europe`. */
  segment: string;
  /** The value alone, `europe`. */
  value: string;
  /** Respondents in the segment. */
  n: number;
}

/** `<data folder>/segments/region-europe.json` beside the aggregates file. */
export function segmentDataFile(dataFile: string, segment: string): string {
  return path.join(path.dirname(dataFile), 'segments', `${segment.replace(':', '-')}.json`);
}

/** `region-europe`, the part of a deck's file name that names its segment. */
export function segmentSlug(segment: string): string {
  return segment.replace(':', '-');
}

/**
 * `--per` values (`region`, or `region:europe` for one value) → the segments to build and a warning
 * for each below `minimumBase` (no deck). UNKNOWN_SEGMENT / EMPTY_SEGMENT (exit 2) for a dimension or
 * value the aggregates do not have, or one with no respondents.
 */
export function planSegments(aggregates: Pick<Aggregates, 'segments'>, per: string[], minimumBase: number, file?: string): { targets: SegmentTarget[]; diagnostics: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const diagnostics: Diagnostic[] = [];
  const targets: SegmentTarget[] = [];
  const dims = Object.keys(aggregates.segments);
  const usage = (code: 'UNKNOWN_SEGMENT' | 'EMPTY_SEGMENT', message: string, hint?: string) => problems.push({ severity: 'error', code, message, ...(file ? { file } : {}), ...(hint ? { hint } : {}) });
  for (const wanted of per) {
    const [dimension, value] = wanted.split(':', 2);
    const defs = aggregates.segments[dimension];
    if (!defs) {
      usage('UNKNOWN_SEGMENT', expectedOneOf('--per', dims, wanted), 'segment dimensions are declared under `segments:` in the survey spec');
      continue;
    }
    const chosen = value === undefined ? defs : defs.filter((d) => d.id === `${dimension}:${value}`);
    if (chosen.length === 0) {
      usage('UNKNOWN_SEGMENT', expectedOneOf(`--per ${dimension}:…`, defs.map((d) => d.id), wanted));
      continue;
    }
    if (chosen.every((d) => d.n === 0)) {
      usage('EMPTY_SEGMENT', `${value === undefined ? `no segment of \`${dimension}\` has` : `segment \`${wanted}\` has`} no respondents`, 'a segment deck needs respondents in that segment');
      continue;
    }
    for (const d of chosen) {
      if (d.n < minimumBase) {
        diagnostics.push(warning('SEGMENT_TOO_SMALL', `no deck for ${d.id} (${d.label}): ${d.n} respondent${d.n === 1 ? '' : 's'}, under the minimum base of ${minimumBase}`, { hint: 'the minimum is the survey spec\'s thresholds.smallBase' }));
        continue;
      }
      if (!targets.some((t) => t.segment === d.id)) targets.push({ dimension, segment: d.id, value: d.id.slice(dimension.length + 1), n: d.n });
    }
  }
  if (problems.length) throw new SurveydeckError(problems);
  return { targets, diagnostics };
}

/** `aggregate --per region`: one aggregates file per segment of each dimension; segments with no respondents get none. */
export async function aggregateSegmentFiles(opts: {
  specFile: string;
  inputDir?: string;
  rawFile?: string;
  modelFile?: string;
  format?: import('../ingest/survey-spec.js').InputFormat;
  /** The whole survey's aggregates, just written: they list the segments and their sizes. */
  aggregates: Aggregates;
  dataFile: string;
  per: string[];
}): Promise<{ files: { segment: string; file: string; respondents: number }[]; diagnostics: Diagnostic[] }> {
  const [{ aggregateSurvey, serializeAggregates }, { writeAtomically }] = await Promise.all([import('../ingest/index.js'), import('../write/write-deck.js')]);
  // Every segment gets a file, however small: the build decides which get a deck.
  const { targets } = planSegments(opts.aggregates, opts.per, 1);
  const files: { segment: string; file: string; respondents: number }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const t of targets) {
    const { aggregates, diagnostics: d } = await aggregateSurvey({ specFile: opts.specFile, inputDir: opts.inputDir, rawFile: opts.rawFile, modelFile: opts.modelFile, format: opts.format, segment: t.segment });
    diagnostics.push(...d.filter((x) => x.severity === 'error'));
    const file = segmentDataFile(opts.dataFile, t.segment);
    await writeAtomically(file, Buffer.from(serializeAggregates(aggregates)), `the ${t.segment} aggregates`);
    files.push({ segment: t.segment, file, respondents: aggregates.survey.respondents });
  }
  return { files, diagnostics };
}

/** The segment's name in the deck's language (`survey.segments.region.europe`), else its label from the aggregates. */
export function segmentName(catalogue: Catalogue, target: SegmentTarget, aggregates: Pick<Aggregates, 'segments'>): string {
  return segmentLabel(catalogue, target.segment, aggregates.segments);
}

/** A segment file that is missing: MISSING_FILE with the command that writes it. */
export function missingSegmentFile(file: string, dimension: string): SurveydeckError {
  return error('MISSING_FILE', 'no aggregates for this segment', { file, hint: `run \`surveydeck aggregate --per ${dimension}\`` });
}
