// Charts stage: the band axis of a bar chart (one band per category) → the label font size, the
// label column width and each label's lines, so that no label overlaps its neighbours, none is cut,
// and text stays ≥ the smallest chart size. Pure (font files are read by the measurer).
import { error, SurveydeckError } from '../diagnostics.js';
import { measureTextWidthPx } from '../fonts/index.js';
import { measureSegments, scaleSegments, wrapSegments, wrappedWidthPx } from './wrap-labels.js';

export interface CategoryAxisInput {
  /** Distinct category labels, top to bottom. */
  labels: string[];
  /** Height of the band scale's range (the plot), CSS px. */
  plotHeightPx: number;
  /** Width the chart can draw in (picture width minus padding), CSS px. */
  chartWidthPx: number;
  /** CSS font list, as the axis writes it. */
  font: string;
  /** Brand label size: used whenever it fits. */
  maxSizePx: number;
  /** Never smaller than this (the audience's smallest chart type); if even this does not fit, CHART_TOO_DENSE. */
  minSizePx: number;
  /** Label column widths tried, as fractions of `chartWidthPx`: from `preferred` up to `max`. */
  preferredWidthFraction?: number;
  maxWidthFraction?: number;
  /** Wanted at most, when some column width allows it; more lines are taken before a smaller size. */
  softMaxLines?: number;
  /** Never more lines than this for one label: a smaller size (down to the minimum) or CHART_TOO_DENSE. */
  maxLines?: number;
  /** Baseline-to-baseline distance as a multiple of the font size. */
  lineHeightRatio?: number;
  /** Band scale paddings (the spec's y scale), fractions of the step. */
  bandPaddingInner: number;
  bandPaddingOuter: number;
  /** Bars per band (series of a grouped chart); the value labels at the bar ends must fit one bar. */
  barsPerBand?: number;
  /**
   * Clear space kept between two neighbouring label blocks, in line heights: clearly more than the
   * leading inside a block, so each block reads as one label.
   */
  minGapLines?: number;
  /** Language of the labels: CJK phrase model, German hyphenation. */
  locale?: string;
  /** For the diagnostic. */
  file?: string;
  /** Deck and slide, for the diagnostic ("conference-talk.ja slide 7"). */
  where?: string;
}

export interface CategoryAxisLayout {
  fontSizePx: number;
  lineHeightPx: number;
  /** The column width the labels were wrapped to, px. */
  wrapWidthPx: number;
  /** Widest wrapped line, px (what the axis really takes). */
  labelWidthPx: number;
  /** Lines of each label, in input order. */
  lines: string[][];
  /** Distance between band centres, px. */
  stepPx: number;
  /** Size for the value (percent) labels at bar ends or inside bars: fits the bar thickness. */
  valueFontSizePx: number;
}

export const DEFAULT_LINE_HEIGHT_RATIO = 1.25;
const DEFAULT_PREFERRED_WIDTH_FRACTION = 0.3;
const DEFAULT_MAX_WIDTH_FRACTION = 0.45;
const DEFAULT_SOFT_MAX_LINES = 3;
// A quarter line: with the bars between them, neighbouring blocks still read as two labels, and
// projection-size type (16 pt) keeps two-line labels on a talk chart of six answers.
const DEFAULT_MIN_GAP_LINES = 0.25;
const WIDTH_STEPS = 6;

/** Height a block of `lineCount` lines takes, px (each line owns one line height). */
export function labelBlockHeightPx(lineCount: number, lineHeightPx: number): number {
  return lineCount * lineHeightPx;
}

/**
 * Step the size down from `maxSizePx` to `minSizePx`; at each size widen the column from the
 * preferred to the maximum fraction; the first (size, width) where every label block fits between
 * its neighbours wins. Blocks are centred on their bands, so two neighbours fit when half of each
 * block together is at most one step; the first and last must stay inside the plot.
 */
export function layoutCategoryAxis(input: CategoryAxisInput): CategoryAxisLayout {
  const n = Math.max(1, input.labels.length);
  const pi = input.bandPaddingInner;
  const po = input.bandPaddingOuter;
  const stepPx = input.plotHeightPx / Math.max(1, n - pi + 2 * po);
  // Distance from the plot edge to the centre of the first (or last) band.
  const edgeRoomPx = stepPx * (po + (1 - pi) / 2);
  const gapLines = input.minGapLines ?? DEFAULT_MIN_GAP_LINES;
  const ratio = input.lineHeightRatio ?? DEFAULT_LINE_HEIGHT_RATIO;
  const softMaxLines = input.softMaxLines ?? DEFAULT_SOFT_MAX_LINES;
  const minWidthPx = input.chartWidthPx * (input.preferredWidthFraction ?? DEFAULT_PREFERRED_WIDTH_FRACTION);
  const maxWidthPx = input.chartWidthPx * (input.maxWidthFraction ?? DEFAULT_MAX_WIDTH_FRACTION);
  const widths = Array.from({ length: WIDTH_STEPS + 1 }, (_, i) => minWidthPx + ((maxWidthPx - minWidthPx) * i) / WIDTH_STEPS);

  const barPitchPx = (stepPx * (1 - pi)) / Math.max(1, input.barsPerBand ?? 1);
  // Whole px where that still meets the minimum; the minimum itself may be fractional (16 pt = 21.3 px).
  const valueFontSizePx = Math.min(input.maxSizePx, Math.floor(barPitchPx) >= input.minSizePx ? Math.floor(barPitchPx) : barPitchPx);
  if (valueFontSizePx < input.minSizePx - 1e-9) {
    throw error(
      'CHART_TOO_DENSE',
      `${wherePrefix(input)}chart has ${input.labels.length} categories × ${input.barsPerBand ?? 1} bars in ${Math.round(input.plotHeightPx)} px: ` +
        `bars are ${barPitchPx.toFixed(1)} px thick, too thin for ${formatPt(input.minSizePx)} value labels`,
      { file: input.file, hint: 'show fewer answers on the slide (`top:` in the deck manifest), or split the question across slides' },
    );
  }

  // Measured once at 1 px: widths scale with the size.
  const unitSegments = input.labels.map((l) => measureSegments(l, { family: input.font, sizePx: 1 }, input.locale));
  let best: { lines: string[][]; fits: boolean; worst: number } | undefined;
  const maxLines = input.maxLines ?? Infinity;
  // Whole px from the start size down, then the minimum itself (a point size is rarely whole px).
  const sizes: number[] = [];
  for (let sizePx = input.maxSizePx; sizePx > input.minSizePx + 1e-9; sizePx = Math.ceil(sizePx) - 1) sizes.push(sizePx);
  sizes.push(input.minSizePx);
  for (const sizePx of sizes) {
    const lineHeightPx = Math.ceil(sizePx * ratio);
    const gapPx = Math.ceil(lineHeightPx * gapLines);
    const style = { family: input.font, sizePx };
    const segments = unitSegments.map((s) => scaleSegments(s, sizePx));
    let fitting: { lines: string[][]; widthPx: number } | undefined;
    for (const widthPx of widths) {
      const wrapped = segments.map((s) => wrapSegments(s, widthPx));
      const lines = wrapped.map((w) => w.lines);
      const widest = Math.max(0, ...wrapped.map((w) => w.widestPx));
      const counts = lines.map((ls) => ls.length);
      if (widest > maxWidthPx + 0.5 || Math.max(...counts) > maxLines || !blocksFit(counts, lineHeightPx, stepPx, edgeRoomPx, gapPx)) {
        const worst = Math.max(...counts);
        if (!best || worst < best.worst) best = { lines, fits: false, worst };
        continue;
      }
      if (Math.max(...counts) <= softMaxLines) {
        fitting = { lines, widthPx };
        break;
      }
      fitting ??= { lines, widthPx };
    }
    if (fitting) {
      return {
        fontSizePx: sizePx,
        lineHeightPx,
        wrapWidthPx: fitting.widthPx,
        labelWidthPx: Math.max(0, ...fitting.lines.map((ls) => wrappedWidthPx(ls, style))),
        lines: fitting.lines,
        stepPx,
        valueFontSizePx: Math.min(valueFontSizePx, sizePx),
      };
    }
  }

  // The label that does not fit: the one with the most lines at the smallest size, in the widest column.
  const minSegments = unitSegments.map((s) => scaleSegments(s, input.minSizePx));
  const lineCounts = minSegments.map((s) => wrapSegments(s, maxWidthPx).lines.length);
  const worstAt = lineCounts.indexOf(Math.max(...lineCounts));
  const label = input.labels[worstAt] ?? '';
  throw new CategoryAxisTooDenseError(
    label,
    error(
      'CHART_TOO_DENSE',
      `${wherePrefix(input)}the answer "${truncateForMessage(label)}" does not fit: ${input.labels.length} categories leave ${stepPx.toFixed(0)} px per label, and at ` +
        `${formatPt(input.minSizePx)} in a column ${Math.round(maxWidthPx)} px wide it needs ${lineCounts[worstAt]} lines ` +
        `(${Math.ceil(input.minSizePx * ratio)} px each${Number.isFinite(maxLines) ? `, ${maxLines} at most` : ''})`,
      { file: input.file, hint: 'give the answer a short label in the survey spec (`shortLabels`), show fewer answers (`top:`), or split the question' },
    ),
  );
}

/** CHART_TOO_DENSE from the category axis, carrying the label that did not fit (so a caller can try short labels). */
export class CategoryAxisTooDenseError extends SurveydeckError {
  constructor(
    readonly label: string,
    cause: SurveydeckError,
  ) {
    super(cause.diagnostics, { cause });
  }
}

function wherePrefix(input: CategoryAxisInput): string {
  return input.where ? `${input.where}: ` : '';
}

/** "16 pt (21.3 px)": chart sizes are chosen in points on the slide and drawn in CSS px. */
function formatPt(px: number): string {
  return `${Math.round(((px * 72) / 96) * 10) / 10} pt (${Math.round(px * 10) / 10} px)`;
}

/** Neighbouring blocks, centred one step apart, do not touch; the outer ones stay inside the plot. */
function blocksFit(counts: number[], lineHeightPx: number, stepPx: number, edgeRoomPx: number, gapPx: number): boolean {
  const h = counts.map((k) => labelBlockHeightPx(k, lineHeightPx));
  if (h[0] / 2 > edgeRoomPx || h[h.length - 1] / 2 > edgeRoomPx) return false;
  for (let i = 1; i < h.length; i++) if ((h[i - 1] + h[i]) / 2 + gapPx > stepPx) return false;
  return true;
}

function truncateForMessage(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
