// Bind stage: a deck's chart binding + the aggregates → the rows a Vega-Lite spec draws, and alt text
// written from those rows. Pure. Row contracts are documented in templates/charts/README.md.
import type { Catalogue } from '../load/catalogue.js';
import type { ChartBinding } from '../load/decks.js';
import type { Aggregates, Base, ChartRow, Finding, OptionStat, QuestionAggregate } from '../ir.js';
import { error } from '../diagnostics.js';
import { formatPercent } from './format.js';
import { itemLabel, optionLabel, questionTitle, scaleLabel } from './labels.js';
import { resolvePath } from './resolve.js';

export interface BuiltChart {
  rows: ChartRow[];
  altText: string;
  /** Smallest base among the bars, for the small-base flag. */
  minBase: number;
  /** The question drawn, if the chart draws one. */
  question?: QuestionAggregate;
  /** Base for the footnote: the question's, or the smallest base among the findings drawn. */
  base: Base;
  /** The leading bar, for a generated takeaway: label and share (grids: the item with the most top-two answers). */
  top: { label: string; share: number; levels?: string };
}

export function buildChartRows(
  binding: ChartBinding,
  aggregates: Aggregates,
  catalogue: Catalogue,
  where: { file: string; line: number },
): BuiltChart {
  const locale = catalogue.locale;
  const pct = (s: number) => formatPercent(s, locale);
  const list = (parts: string[]) => new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  const either = (parts: string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(parts);
  const slice = <T>(all: T[]): T[] => (binding.slice ? all.slice(binding.slice[0], binding.slice[1]) : all);
  const question = binding.question ? (resolvePath(aggregates, binding.question, where) as QuestionAggregate) : undefined;
  const needQuestion = (): QuestionAggregate => {
    if (!question) throw error('INVALID_DECK', `chart rows \`${binding.rows}\` need a \`question\``, where);
    return question;
  };

  switch (binding.rows) {
    case 'options': {
      const q = needQuestion();
      let options = sortOptions(q, q.options.filter((o) => shown(o, q.base)));
      if (binding.top) options = options.slice(0, binding.top);
      options = slice(options);
      const rows = options.map((o) => ({ label: optionLabel(catalogue, q, o.code, o.label), share: o.share }));
      return {
        rows,
        question: q,
        base: q.base,
        top: largest(rows),
        minBase: q.base.n,
        altText: catalogue.format('chart.alt.bar', {
          title: questionTitle(catalogue, q),
          values: list(rows.map((r) => `${r.label} ${pct(r.share)}`)),
        }),
      };
    }
    case 'items': {
      const q = needQuestion();
      if (!q.items?.length) throw error('INVALID_DECK', `question \`${q.id}\` has no grid items to stack`, where);
      const rows: ChartRow[] = [];
      const described: string[] = [];
      let top = { label: '', share: -1, levels: '' };
      for (const item of slice(q.items)) {
        const label = itemLabel(catalogue, q, item.code, item.label);
        // Levels share the item's base (the survey spec's policy), so a finding on the item is the sum of its bars.
        const levels = item.levels.filter((l) => inBase(l, item.base));
        levels.forEach((l, levelIndex) => {
          rows.push({ item: label, level: scaleLabel(catalogue, l.label), levelIndex, share: l.share });
        });
        described.push(`${label}: ${levels.map((l) => `${scaleLabel(catalogue, l.label)} ${pct(l.share)}`).join(', ')}`);
        const topTwo = levels.filter((l) => !l.nonAnswer).slice(-2);
        const topShare = topTwo.reduce((s, l) => s + l.share, 0);
        if (topShare > top.share) top = { label, share: topShare, levels: either(topTwo.map((l) => scaleLabel(catalogue, l.label))) };
      }
      return {
        rows,
        question: q,
        base: q.base,
        top,
        minBase: Math.min(...slice(q.items).map((i) => i.base.n)),
        altText: catalogue.format('chart.alt.stacked', { title: questionTitle(catalogue, q), values: described.join('; ') }),
      };
    }
    case 'trend': {
      const q = needQuestion();
      if (!q.trend) throw error('INVALID_DECK', `question \`${q.id}\` has no trend`, where);
      const seriesNames = [String(aggregates.survey.year), String(q.trend.year)];
      const previous = new Map(q.trend.options.map((o) => [o.code, o]));
      const rows: ChartRow[] = [];
      const described: string[] = [];
      let options = sortOptions(q, q.options.filter((o) => previous.has(o.code) && shown(o, q.base)));
      if (binding.top) options = options.slice(0, binding.top);
      options = slice(options);
      for (const o of options) {
        const label = optionLabel(catalogue, q, o.code, o.label);
        const prev = previous.get(o.code)!;
        rows.push({ label, series: seriesNames[0], seriesIndex: 0, share: o.share });
        rows.push({ label, series: seriesNames[1], seriesIndex: 1, share: prev.share });
        described.push(`${label} ${pct(o.share)} (${seriesNames[1]}: ${pct(prev.share)})`);
      }
      return {
        rows,
        question: q,
        base: q.base,
        top: largest(rows.filter((r) => r.seriesIndex === 0)),
        minBase: Math.min(q.base.n, q.trend.base.n),
        altText: catalogue.format('chart.alt.grouped', { title: questionTitle(catalogue, q), values: described.join(', ') }),
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
      const seriesLabel = (id: string) => catalogue.format(`segment.${id.replace(':', '.')}`);
      let options = q.options.filter((o) => shown(o, q.base));
      const shareIn = (segIndex: number, code: string) => chosen[segIndex].options.find((x) => x.code === code)?.share ?? 0;
      options = q.ordinal ? sortOptions(q, options) : [...options].sort((a, b) => shareIn(0, b.code) - shareIn(0, a.code));
      if (binding.top) options = options.slice(0, binding.top);
      options = slice(options);
      const rows: ChartRow[] = [];
      const described: string[] = [];
      for (const o of options) {
        const label = optionLabel(catalogue, q, o.code, o.label);
        chosen.forEach((s, i) => rows.push({ label, series: seriesLabel(s.segment), seriesIndex: i, share: shareIn(i, o.code) }));
        described.push(`${label}: ${chosen.map((s, i) => `${seriesLabel(s.segment)} ${pct(shareIn(i, o.code))}`).join(', ')}`);
      }
      return {
        rows,
        question: q,
        base: q.base,
        top: largest(rows.filter((r) => r.seriesIndex === 0)),
        minBase: Math.min(...chosen.map((s) => s.base.n)),
        altText: catalogue.format('chart.alt.grouped', { title: questionTitle(catalogue, q), values: described.join('; ') }),
      };
    }
    case 'findings': {
      const findings = (binding.findings ?? []).map((p) => resolvePath(aggregates, p, where) as Finding);
      if (findings.length === 0) throw error('INVALID_DECK', 'chart rows `findings` need a list of `findings`', where);
      const rows = findings.map((f) => ({ label: catalogue.format(`finding.${f.id}`), share: f.share }));
      const smallest = findings.reduce((a, b) => (b.base.n < a.base.n ? b : a));
      return {
        rows,
        base: smallest.base,
        top: largest(rows),
        minBase: smallest.base.n,
        altText: catalogue.format('chart.alt.findings', { values: list(rows.map((r) => `${r.label} ${pct(r.share)}`)) }),
      };
    }
  }
}

/** Share order, largest first; ordered scales (sizes, counts, time spans) keep their code order. */
export function sortOptions(q: QuestionAggregate, options: OptionStat[]): OptionStat[] {
  const byCode = (a: OptionStat, b: OptionStat) => a.code.localeCompare(b.code, 'en', { numeric: true });
  return [...options].sort(q.ordinal ? byCode : (a, b) => b.share - a.share || byCode(a, b));
}

/** How many categories a question draws in a chart binding, before any slice. */
export function categoryCount(q: QuestionAggregate, rows: ChartBinding['rows']): number {
  if (rows === 'items') return q.items?.length ?? 0;
  const previous = new Set(q.trend?.options.map((o) => o.code));
  return q.options.filter((o) => shown(o, q.base) && (rows !== 'trend' || previous.has(o.code))).length;
}

/** The row with the largest share (first on ties), for a takeaway; ordered charts are not sorted by share. */
function largest(rows: ChartRow[]): { label: string; share: number } {
  let best = { label: '', share: -1 };
  for (const r of rows) if (Number(r.share) > best.share) best = { label: String(r.label), share: Number(r.share) };
  return best.share < 0 ? { label: '', share: 0 } : best;
}

/** Whether an answer is inside its base: a "Don't know" is not when the survey spec excludes non-answers. */
export function inBase(o: OptionStat, base: Base): boolean {
  return !(o.nonAnswer === 'dontKnow' && !base.includesDontKnow);
}

/** Options a chart draws: those inside the base (the footnote names the rest), and no "Other" that nobody chose. */
function shown(o: OptionStat, base: Base): boolean {
  return inBase(o, base) && !(o.code === 'other' && o.count === 0);
}
