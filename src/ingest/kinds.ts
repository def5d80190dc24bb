// Ingest stage: what the question kinds beyond choice and grid add to the counts, all declared in the
// survey spec: nets and top box, numeric buckets with mean and median, NPS, rankings, and the open
// answers the verbatim appendix quotes. Pure over tallies (the scan counts; this derives).
import { topBoxLabel } from './survey-words.js';
import type { NetStat, NpsStat, NumericStat, OptionStat, RankingStat } from '../ir.js';
import type { LayoutQuestion } from './layout.js';
import { questionSpec, type SurveySpec, type VerbatimsSpec } from './survey-spec.js';
import type { NetDefinition, Tally } from './tally.js';

/** The nets a question counts: its declared `nets`, then `topBox` as `top<N>box`; problems are messages. */
export function resolveNets(spec: SurveySpec, lq: LayoutQuestion): { nets: (NetDefinition & { label: string; codes: ReadonlySet<string> })[]; problems: string[] } {
  const qs = questionSpec(spec, lq.model.id);
  const where = `questions.${lq.model.id}`;
  const problems: string[] = [];
  const codes = lq.kind === 'grid' ? (lq.scaleCodes ?? lq.scale.map((_, i) => String(i + 1))) : lq.codes;
  const nets: (NetDefinition & { label: string })[] = [];
  if ((qs.nets || qs.topBox) && lq.kind !== 'single' && lq.kind !== 'multi' && lq.kind !== 'grid') {
    problems.push(`${where}: nets and topBox are for choice questions and grids; ${lq.model.id} is ${lq.kind}`);
    return { nets: [], problems };
  }
  for (const net of qs.nets ?? []) {
    const unknown = net.codes.filter((c) => !codes.includes(c));
    if (unknown.length) problems.push(`${where}.nets.${net.id}: no code ${unknown.join(', ')}; its codes are ${codes.join(', ')}`);
    else nets.push({ id: net.id, label: net.label, codes: new Set(net.codes) });
  }
  if (qs.topBox !== undefined) {
    if (!qs.scale) problems.push(`${where}.topBox: needs \`scale: { polarity }\` to know which end is the top`);
    else {
      const substantive = codes.filter((c) => !lq.nonAnswers.has(c) && c !== qs.scale?.neutral);
      const top = qs.scale.polarity === 'ascending' ? substantive.slice(-qs.topBox) : substantive.slice(0, qs.topBox);
      nets.push({ id: `top${qs.topBox}box`, label: topBoxLabel(qs.topBox, spec.survey.language), codes: new Set(top) });
    }
  }
  const ids = nets.map((n) => n.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) problems.push(`${where}.nets: \`${dup}\` is declared twice`);
  return { nets, problems };
}

/** Net figures on a base of `n`, in declaration order. */
export function netStats(lq: LayoutQuestion, t: Tally, n: number): NetStat[] | undefined {
  if (!lq.nets?.length) return undefined;
  return lq.nets.map((net) => {
    const count = t.netCount(net.id);
    const label = (net as { label?: string }).label ?? net.id;
    return { id: net.id, label, codes: [...net.codes], count, share: n === 0 ? 0 : count / n };
  });
}

/** A numeric question's numbers and their weights, least first; its non-answers in words ("Prefer not to say") are no number. */
function valuesOf(t: Tally): { value: number; weight: number }[] {
  return [...t.counts].map(([k, w]) => ({ value: Number(k), weight: w })).filter((v) => Number.isFinite(v.value)).sort((a, b) => a.value - b.value);
}

/**
 * Mean, median, min and max of the numeric answers (weights are the tally's counts). The median is
 * the value where the cumulative weight passes half; where it lands exactly on half, the midpoint of
 * that value and the next, which for unweighted data is the textbook median of an even count.
 */
export function numericStat(t: Tally): NumericStat | undefined {
  const values = valuesOf(t);
  const total = values.reduce((s, v) => s + v.weight, 0);
  if (total === 0) return undefined;
  const mean = values.reduce((s, v) => s + v.value * v.weight, 0) / total;
  let median = values[values.length - 1].value;
  let cumulative = 0;
  const half = total / 2;
  for (let i = 0; i < values.length; i++) {
    cumulative += values[i].weight;
    if (Math.abs(cumulative - half) < 1e-9 * total && i + 1 < values.length) {
      median = (values[i].value + values[i + 1].value) / 2;
      break;
    }
    if (cumulative > half) {
      median = values[i].value;
      break;
    }
  }
  return { mean, median, min: values[0].value, max: values[values.length - 1].value };
}

export interface Bucket {
  code: string;
  label: string;
  min?: number;
  max?: number;
}

/** At most this many distinct values get a bar each; more are grouped into even ranges. */
export const MAX_VALUE_BARS = 10;

/**
 * The buckets numeric answers are counted in: the spec's, else one per distinct value when there are
 * few, else about six even ranges on a round step (1, 2 or 5 × 10^k).
 */
export function bucketsOf(spec: SurveySpec, qid: string, t: Tally): Bucket[] {
  const declared = questionSpec(spec, qid).buckets;
  if (declared) return declared.map((b, i) => ({ code: b.code ?? String(i + 1), label: b.label, min: b.min, max: b.max }));
  // Answers in words (`numbers`: "More than 50 years" as 51): a bar of that value is labelled by its words.
  const wordOf = new Map(Object.entries(questionSpec(spec, qid).numbers ?? {}).map(([w, n]) => [n, w]));
  const values = valuesOf(t).map((v) => v.value);
  if (values.length <= MAX_VALUE_BARS) return values.map((v) => ({ code: String(v), label: wordOf.get(v) ?? String(v), min: v, max: v }));
  const lo = values[0];
  const hi = values[values.length - 1];
  const raw = (hi - lo) / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const integers = values.every(Number.isInteger) && Number.isInteger(step);
  const out: Bucket[] = [];
  for (let from = Math.floor(lo / step) * step; from <= hi; from += step) {
    const to = from + step;
    // A last range that would start at the largest value, a power of ten (the end of a 0–100 slider or a
    // percentage: "100–119"), closes the range before it instead: "80–100". An age of 60 keeps "60–69".
    if (from === hi && out.length > 0 && hi > 0 && Number.isInteger(Math.log10(hi))) {
      const last = out[out.length - 1];
      const start = last.min!;
      out[out.length - 1] = { ...last, label: integers ? `${start}–${hi}` : `${round(start)}–${round(hi)}`, max: hi };
      break;
    }
    // Integer data: "10–19"; otherwise half-open ranges "10–<20" whose upper end is not included.
    const label = integers ? (step === 1 ? String(from) : `${from}–${to - 1}`) : `${round(from)}–<${round(to)}`;
    out.push({ code: String(out.length + 1), label, min: from, max: integers ? to - 1 : to - step * 1e-9 });
  }
  // The largest answer is words for an open end ("More than 50 years"): the last range is open too, "50+".
  const last = out[out.length - 1];
  if (wordOf.has(hi) && out.length > 1 && last.min !== undefined) out[out.length - 1] = { ...last, label: `${integers ? last.min : round(last.min)}+`, max: undefined };
  return out;
}

function round(n: number): string {
  return String(Number(n.toPrecision(6)));
}

/** Counts per bucket; values in no bucket are reported (never dropped silently). */
export function bucketCounts(buckets: Bucket[], t: Tally): { counts: number[]; outside: number[] } {
  const counts = buckets.map(() => 0);
  const outside: number[] = [];
  for (const { value, weight } of valuesOf(t)) {
    const b = buckets.findIndex((x) => (x.min === undefined || value >= x.min) && (x.max === undefined || value <= x.max));
    if (b === -1) outside.push(value);
    else counts[b] += weight;
  }
  return { counts, outside };
}

/**
 * The NPS score (0–10) of each option of a question counted as a choice: the option's `value`; else
 * its code, when the codes are the numbers 0–10; else the number its label starts with, when every
 * label starts with a different one. Option order never matters (exports list 10 … 0 as often as 0 … 10).
 */
export function npsScores(spec: SurveySpec, lq: LayoutQuestion): { scores: Map<string, number>; problem?: string } {
  const options = questionSpec(spec, lq.model.id).options;
  const scores = new Map<string, number>();
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n <= 10;
  const substantive = lq.model.options.filter((o) => !lq.nonAnswers.has(o.code));
  for (const o of options ?? []) if (o.value !== undefined) scores.set(String(o.code), o.value);
  const rest = substantive.filter((o) => !scores.has(o.code));
  if (rest.length === 0) return { scores };
  const byCode = rest.map((o) => (/^\d+$/.test(o.code) ? Number(o.code) : NaN));
  const byLabel = rest.map((o) => Number(/^\s*(\d+)(?!\d)/.exec(o.label)?.[1] ?? NaN));
  const distinct = (ns: number[]) => ns.every(valid) && new Set(ns).size === ns.length;
  // Codes 1…11 are positions, not scores: read codes only when some code is 0 or all eleven fit 0–10.
  const chosen = distinct(byLabel) ? byLabel : distinct(byCode) ? byCode : undefined;
  if (!chosen) {
    return { scores, problem: `questions.${lq.model.id}: cannot tell each option's NPS score (0–10) from its code or label; give each option a \`value\`` };
  }
  rest.forEach((o, i) => scores.set(o.code, chosen[i]));
  return { scores };
}

/** Promoters (9–10) − detractors (0–6) on a base of `n`; `scoreOf` maps a tally key to its 0–10 score. */
export function npsStat(t: Tally, n: number, scoreOf: (key: string) => number | undefined): { nps: NpsStat; groups: [number, number, number]; bad: string[] } {
  const groups: [number, number, number] = [0, 0, 0];
  const bad: string[] = [];
  for (const [key, w] of t.counts) {
    const s = scoreOf(key);
    if (s === undefined) continue;
    if (!Number.isInteger(s) || s < 0 || s > 10) {
      bad.push(key);
      continue;
    }
    groups[s <= 6 ? 0 : s <= 8 ? 1 : 2] += w;
  }
  const share = (c: number) => (n === 0 ? 0 : c / n);
  const [detractors, passives, promoters] = groups;
  return {
    nps: {
      score: (share(promoters) - share(detractors)) * 100,
      promoters: { count: promoters, share: share(promoters) },
      passives: { count: passives, share: share(passives) },
      detractors: { count: detractors, share: share(detractors) },
    },
    groups,
    bad,
  };
}

/** The three NPS groups as options (for the chart), in scale order. */
export function npsOptions(nps: NpsStat): OptionStat[] {
  return [
    { code: 'detractors', label: 'Detractors (0–6)', count: nps.detractors.count, share: nps.detractors.share },
    { code: 'passives', label: 'Passives (7–8)', count: nps.passives.count, share: nps.passives.share },
    { code: 'promoters', label: 'Promoters (9–10)', count: nps.promoters.count, share: nps.promoters.share },
  ];
}

/**
 * A ranking per item: mean rank among those who ranked it, share ranked first and within the top
 * `top` places, both of the question's base (everyone who ranked anything).
 */
export function rankingStat(
  items: { code: string; label: string; tally: Tally }[],
  rankOf: (levelCode: string) => number | undefined,
  n: number,
  top: number,
): RankingStat {
  return {
    top,
    items: items.map(({ code, label, tally }) => {
      let sum = 0;
      let ranked = 0;
      let first = 0;
      let inTop = 0;
      for (const [level, w] of tally.counts) {
        const rank = rankOf(level);
        if (rank === undefined) continue;
        sum += rank * w;
        ranked += w;
        if (rank === 1) first += w;
        if (rank <= top) inTop += w;
      }
      return { code, label, meanRank: ranked === 0 ? 1 : sum / ranked, firstShare: n === 0 ? 0 : first / n, topShare: n === 0 ? 0 : inTop / n, n: ranked };
    }),
  };
}

// ── verbatims ──

export interface VerbatimRules {
  show: boolean;
  max: number;
  minLength: number;
  maxLength: number;
  exclude: string[];
}

export const VERBATIM_DEFAULTS: VerbatimRules = { show: true, max: 50, minLength: 1, maxLength: 300, exclude: [] };

/** The question's rules: its own, over the spec-wide ones, over the defaults. */
export function verbatimRules(spec: SurveySpec, qid: string): VerbatimRules {
  const pick = (v: VerbatimsSpec | undefined) => Object.fromEntries(Object.entries(v ?? {}).filter(([, x]) => x !== undefined));
  return { ...VERBATIM_DEFAULTS, ...pick(spec.verbatims), ...pick(questionSpec(spec, qid).verbatims) } as VerbatimRules;
}

/**
 * An answer as a slide may quote it: characters XML cannot hold and control characters removed,
 * white space (line breaks too) collapsed, cut at a word boundary to `maxLength` with "…". The text
 * is data: nothing in it is ever interpreted (the bind stage escapes Markdown too).
 */
export function cleanVerbatim(text: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g, ' ').replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => {
    const code = c.charCodeAt(0);
    const pairOk = code < 0xdc00 ? /[\udc00-\udfff]/.test(s[i + 1] ?? '') : /[\ud800-\udbff]/.test(s[i - 1] ?? '');
    return pairOk ? c : ' ';
  });
  const collapsed = clean.replace(/\s+/g, ' ').trim();
  const chars = [...collapsed];
  if (chars.length <= maxLength) return collapsed;
  const cut = chars.slice(0, maxLength - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > maxLength / 2 ? atWord : cut}…`;
}

/** Keeps the first `max` answers that pass the rules, in export order; counts the rest. */
export class VerbatimCollector {
  readonly kept: string[] = [];
  /** Answers left out: too short, excluded, or over `max`. */
  omitted = 0;
  private readonly excluded: string[];

  constructor(private readonly rules: VerbatimRules) {
    this.excluded = rules.exclude.map((e) => e.toLocaleLowerCase());
  }

  offer(text: string): void {
    const clean = cleanVerbatim(text, Number.MAX_SAFE_INTEGER);
    const lower = clean.toLocaleLowerCase();
    if ([...clean].length < this.rules.minLength || this.excluded.some((e) => lower.includes(e)) || this.kept.length >= this.rules.max) {
      this.omitted++;
      return;
    }
    this.kept.push(cleanVerbatim(clean, this.rules.maxLength));
  }
}
