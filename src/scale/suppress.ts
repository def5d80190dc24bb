// Scale: small cells in a segment's deck are suppressed, not only flagged. Pure.
//
//   aggregates ─▶ every share and count on a base under the threshold becomes NaN ─▶ bind as usual
//   ─▶ chart rows with a NaN share are left out; "NaN%" in rendered text becomes "n < 10"
//
// NaN is the marker because it flows through every path a figure takes (arguments, ratios, helpers,
// ICU number formats) without each of them learning about suppression, and because a NaN reaching a
// slide would be a bug anyway: printing it as "n < 10" is only ever right for these figures.
import type { Aggregates, Base, NetStat, OptionStat, QuestionAggregate, SegmentStat } from '../ir.js';

export function isSuppressed(value: unknown): boolean {
  return typeof value === 'number' && Number.isNaN(value);
}

/** The aggregates with every figure on a base of fewer than `below` respondents replaced by NaN (bases stay: a slide still says n = 6). */
export function suppressSmallCells(aggregates: Aggregates, below: number): Aggregates {
  const small = (base: Base) => base.n < below;
  const hide = (options: OptionStat[], base: Base) => (small(base) ? options.map((o) => ({ ...o, count: Number.NaN, share: Number.NaN })) : options);
  const hideNets = (nets: NetStat[], base: Base) => (small(base) ? nets.map((n) => ({ ...n, count: Number.NaN, share: Number.NaN })) : nets);
  // The kinds' own figures rest on the question's base; quotes from a small group could name who wrote them.
  const kindFigures = (q: QuestionAggregate): Partial<QuestionAggregate> => {
    const out: Partial<QuestionAggregate> = {};
    const nan = Number.NaN;
    if (q.nets) out.nets = hideNets(q.nets, q.base);
    if (!small(q.base)) return out;
    if (q.nps) out.nps = { score: nan, promoters: { count: nan, share: nan }, passives: { count: nan, share: nan }, detractors: { count: nan, share: nan } };
    if (q.numeric) out.numeric = { mean: nan, median: nan, min: nan, max: nan };
    if (q.ranking) out.ranking = { ...q.ranking, items: q.ranking.items.map((it) => ({ ...it, meanRank: nan, firstShare: nan, topShare: nan })) };
    if (q.verbatims) out.verbatims = [];
    return out;
  };
  // A segment's NPS and mean rest on the segment's own base, as its option shares do.
  const segmentFigures = (s: SegmentStat): Partial<SegmentStat> => {
    if (!small(s.base)) return {};
    const nan = Number.NaN;
    return {
      ...(s.nps ? { nps: { score: nan, promoters: { count: nan, share: nan }, passives: { count: nan, share: nan }, detractors: { count: nan, share: nan } } } : {}),
      ...(s.numeric ? { numeric: { mean: nan, median: nan, min: nan, max: nan } } : {}),
    };
  };
  const questions = Object.fromEntries(
    Object.entries(aggregates.questions).map(([id, q]) => [
      id,
      {
        ...q,
        options: hide(q.options, q.base),
        ...(q.items ? { items: q.items.map((item) => ({ ...item, levels: hide(item.levels, item.base), ...(item.nets ? { nets: hideNets(item.nets, item.base) } : {}) })) } : {}),
        ...kindFigures(q),
        ...(q.crosstabs ? { crosstabs: Object.fromEntries(Object.entries(q.crosstabs).map(([dim, stats]) => [dim, stats.map((s) => ({ ...s, options: hide(s.options, s.base), ...segmentFigures(s) }))])) } : {}),
        ...(q.trend ? { trend: { ...q.trend, options: hide(q.trend.options, q.trend.base) } } : {}),
      },
    ]),
  );
  const findings = Object.fromEntries(Object.entries(aggregates.findings).map(([id, f]) => [id, small(f.base) ? { ...f, count: Number.NaN, share: Number.NaN } : f]));
  return { ...aggregates, questions, findings };
}

/** A suppressed figure as every locale's number format prints it: "NaN%", "NaN %" (narrow or no-break space), "NaN". */
const NAN_TEXT = /NaN(?:[\u0020\u00a0\u202f]?%)?/g;

/** Rendered text with each suppressed figure printed as "n < 10", or as the locale's `printed` (catalogue `figure.suppressed`). */
export function printSuppressed(text: string, below: number, printed = `n < ${below}`): string {
  return text.replace(NAN_TEXT, printed);
}

/** A segment's aggregates without the claims on waves its data cannot compare (no earlier wave cut by the segment). */
export function withoutUncomparableWaves(aggregates: Aggregates): Aggregates {
  const claims = Object.fromEntries(Object.entries(aggregates.claims ?? {}).filter(([, c]) => !(c.kind === 'waves' && !aggregates.questions[c.question]?.trend)));
  return { ...aggregates, claims };
}
