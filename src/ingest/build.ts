// Ingest stage: tallies ─▶ Aggregates (questions, crosstabs, segments, findings). Pure.
// Shares stay unrounded; a base names its population and says whether "Don't know" is in it.
import { otherWord } from './survey-words.js';
import { checkHighlights } from './highlights.js';
import { outsideBase, type Aggregates, type Base, type ClaimDeclaration, type Finding, type GridItem, type NumericStat, type OptionStat, type QuestionAggregate, type SegmentStat } from '../ir.js';
import type { Diagnostic } from '../diagnostics.js';
import type { SurveyModel } from './reference-model.js';
import { nonAnswerFor, type ExportLayout, type LayoutQuestion } from './layout.js';
import type { ScanResult } from './scan.js';
import { includesNonAnswers, questionSpec, type SurveySpec } from './survey-spec.js';
import type { Tally } from './tally.js';
import { bucketCounts, bucketsOf, netStats, npsOptions, npsScores, npsStat, numericStat, rankingStat } from './kinds.js';

export interface BuildInput {
  spec: SurveySpec;
  specFile: string;
  model: SurveyModel;
  layout: ExportLayout;
  scan: ScanResult;
  /** Population id of each layout question. */
  populationOf: string[];
  trends: Map<string, QuestionAggregate['trend']>;
  /** Open-ended answers kept for the verbatim appendix, by question id (the spec's `verbatims`). */
  verbatims?: Map<string, string[]>;
  /**
   * A segment's aggregates (`aggregate --per`) whose earlier wave cannot be cut by that segment: it has
   * no trends, so a claim on waves is not an error here (the segment's deck leaves its slide out).
   */
  segmentWithoutTrends?: boolean;
}

/** "(excluding “Don’t know or not sure”)": the question's own non-answer labels outside the base, typeset. */
export function dontKnowNote(lq: LayoutQuestion, labelOf: (lq: LayoutQuestion, code: string) => string): string {
  // A screener's disqualifying "Don't know" is not among dontKnowCodes but is still the question's option.
  const codes = lq.dontKnowCodes.size > 0 ? [...lq.dontKnowCodes] : [lq.model.options.find((o) => /^don.t know/i.test(o.label.trim()))?.code ?? ''];
  const labels = codes.map((code) => {
    const level = lq.scale.findIndex((_, i) => (lq.scaleCodes?.[i] ?? String(i + 1)) === code);
    return (lq.kind === 'grid' ? lq.scale[level] : code ? labelOf(lq, code) : undefined) ?? "Don't know";
  });
  const quoted = labels.map((l) => `“${l.replace(/'/g, '’')}”`);
  return `(excluding ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : quoted[0]})`;
}

/**
 * Which non-answers a base leaves out, when some are not "Don't know" ("Prefer not to say", "N/A"):
 * those given in this tally, so the footnote names what it excludes. Only "Don't know": nothing (the default).
 */
export function excludedKinds(lq: LayoutQuestion, t: Tally): { kinds?: ('dontKnow' | 'noAnswer')[] } {
  const given = new Set([...lq.dontKnowCodes].filter((c) => t.count(c) > 0).map((c) => (lq.nonAnswers.get(c) === 'noAnswer' ? 'noAnswer' : 'dontKnow')));
  return given.has('noAnswer') ? { kinds: given.has('dontKnow') ? ['dontKnow', 'noAnswer'] : ['noAnswer'] } : {};
}

/** An option's label: the spec's fix if any, else the reference model's wording. */
export function optionLabel(spec: SurveySpec, lq: LayoutQuestion, code: string): string {
  return (
    questionSpec(spec, lq.model.id).labels?.[code] ??
    (code === 'other' ? (lq.otherLabel ?? otherWord(spec.survey.language)) : (lq.model.options.find((o) => o.code === code)?.label ?? code))
  );
}

/** A long label cut at a word boundary, for base descriptions. */
function clip(label: string, maxChars: number): string {
  if (label.length <= maxChars) return label;
  const cut = label.slice(0, maxChars).replace(/\s+\S*$/, '');
  return `${cut}…`;
}

export function share(count: number, n: number): number {
  return n === 0 ? 0 : count / n;
}

export function buildAggregates(input: BuildInput): { aggregates: Aggregates; diagnostics: Diagnostic[] } {
  const { spec, model, layout, scan, populationOf } = input;
  const diagnostics: Diagnostic[] = [];
  const specError = (message: string) =>
    diagnostics.push({ severity: 'error', code: 'INVALID_SURVEY_SPEC', message, file: input.specFile });
  const segmentPhrase = new Map<string, string>();
  for (const [dim, def] of Object.entries(spec.segments)) {
    for (const s of def.segments) segmentPhrase.set(`${dim}:${s.id}`, s.phrase);
  }
  const layoutIndex = new Map(layout.questions.map((lq, i) => [lq.model.id, i]));

  const describe = (q: number, segment: string | undefined, includeDontKnow: boolean): Omit<Base, 'n' | 'asked'> => {
    const lq = layout.questions[q];
    const population = populationOf[q];
    const parts = [spec.populations[population].description];
    if (segment) parts.push(segmentPhrase.get(segment) ?? segment);
    // Who saw the question beyond its population: the spec's `asked` answers, else the model's show logic.
    const declared = questionSpec(spec, lq.model.id).asked;
    const shown = declared
      ? declared.flatMap((c) => ('question' in c && c.item === undefined && !c.not ? c.codes.map((code) => ({ question: c.question, code })) : []))
      : lq.model.showIf;
    if (shown.length > 0) {
      const names = shown.map((c) => {
        const src = layout.questions[layoutIndex.get(c.question) ?? -1];
        const label = src ? labelOf(src, c.code) : c.code;
        return `“${clip(label, 60)}”`;
      });
      parts.push(`who chose ${names.join(' or ')} at ${shown[0].question},`);
    }
    parts.push('who answered');
    // A "Don't know" the screener disqualifies is still an option of the question (kept at 0).
    const dkMatters = lq.dontKnowCodes.size > 0 || lq.model.options.some((o) => outsideBase(nonAnswerFor(lq, o.code, o.label, spec.detect.englishLabels)));
    if (dkMatters && !includeDontKnow) parts.push(dontKnowNote(lq, labelOf));
    return { population, description: parts.join(' '), includesDontKnow: dkMatters ? includeDontKnow : true };
  };
  const base = (q: number, t: Tally, segment: string | undefined, includeDontKnow: boolean): Base => {
    const n = t.baseN(includeDontKnow);
    const out = t.answered - n;
    return {
      n,
      asked: t.asked,
      ...describe(q, segment, includeDontKnow),
      ...(out > 0 ? { excluded: { count: out, share: share(out, t.answered), ...excludedKinds(layout.questions[q], t) } } : {}),
      ...(scan.weighted ? { unweightedN: t.unweightedN(includeDontKnow), unweightedAsked: t.askedN, unweightedAnswered: t.answeredN, effectiveN: t.effectiveN(includeDontKnow) } : {}),
    };
  };
  const labelOf = (lq: LayoutQuestion, code: string) => optionLabel(spec, lq, code);
  /**
   * Every option of the question, in model order, including answers nobody gave (a screener's
   * disqualifying options: the report prints them at 0%) and non-answers. An option outside the base
   * (a "Don't know" when non-answers are excluded) gets its share of everyone who answered.
   */
  const stat = (lq: LayoutQuestion, t: Tally, code: string, label: string, includeDontKnow: boolean, charted = true): OptionStat => {
    const nonAnswer = lq.kind === 'numeric' ? undefined : nonAnswerFor(lq, code, label, spec.detect.englishLabels);
    const outside = !includeDontKnow && (lq.dontKnowCodes.has(code) || outsideBase(nonAnswer));
    const n = outside ? t.answered : t.baseN(includeDontKnow);
    const shortLabel = charted ? questionSpec(spec, lq.model.id).shortLabels?.[code] : undefined;
    return { code, label, count: t.count(code), share: share(t.count(code), n), ...(nonAnswer ? { nonAnswer } : {}), ...(shortLabel ? { shortLabel } : {}) };
  };
  const options = (lq: LayoutQuestion, t: Tally, includeDontKnow: boolean): OptionStat[] => {
    let codes = lq.model.options.map((o) => o.code);
    if (lq.kind === 'numeric') codes = [...t.counts.keys()].sort((a, b) => Number(a) - Number(b));
    if (lq.hasOther) codes = [...codes, 'other'];
    return codes.map((code) => stat(lq, t, code, labelOf(lq, code), includeDontKnow));
  };
  // A grid's levels are its chart's legend, never its category axis: the spec's `shortLabels` name its rows.
  const levels = (lq: LayoutQuestion, t: Tally, includeDontKnow: boolean): OptionStat[] =>
    lq.scale.map((label, i) => stat(lq, t, lq.scaleCodes?.[i] ?? String(i + 1), label, includeDontKnow, false));

  // ── segments ──
  const segments: Aggregates['segments'] = {};
  for (const [dim, def] of Object.entries(spec.segments)) {
    segments[dim] = def.segments.map((s) => ({ id: `${dim}:${s.id}`, label: s.label, ...(s.short ? { short: s.short } : {}), question: def.question, n: scan.segmentSizes.get(`${dim}:${s.id}`) ?? 0 }));
  }

  /** A question's figures in each segment of each crosstab dimension (a segment nobody in it answered is left out). */
  const crosstabsOf = (q: number, t: (typeof scan.tallies)[number], inQ: boolean, figures: (st: Tally) => Omit<SegmentStat, 'segment' | 'base'>): Record<string, SegmentStat[]> => {
    const out: Record<string, SegmentStat[]> = {};
    for (const dim of spec.crosstabs) {
      out[dim] = segments[dim].flatMap((s): SegmentStat[] => {
        const st = t.main.bySegment.get(s.id);
        if (!st || st.baseN(inQ) === 0) return [];
        return [{ segment: s.id, base: base(q, st, s.id, inQ), ...figures(st) }];
      });
    }
    return out;
  };

  // ── questions, in reference-model order ──
  const questions: Record<string, QuestionAggregate> = {};
  for (const mq of model.questions) {
    const q = layoutIndex.get(mq.id);
    const qs = questionSpec(spec, mq.id);
    if (qs.exclude) continue;
    const shortText = qs.short;
    if (q === undefined) {
      // In the model, not in the public export (personal details removed before publication).
      questions[mq.id] = {
        id: mq.id,
        section: mq.section,
        kind: 'text',
        text: mq.text,
        ...(shortText ? { shortText } : {}),
        base: { n: 0, asked: 0, population: 'all', description: `not in the public data: ${qs.notInExport ?? 'no columns in the export'}`, includesDontKnow: true },
        options: [],
        textAnswers: 0,
      };
      continue;
    }
    const lq = layout.questions[q];
    const t = scan.tallies[q];
    const inQ = includesNonAnswers(spec, mq.id);
    const agg: QuestionAggregate = {
      id: mq.id,
      section: mq.section,
      kind: lq.kind,
      text: lq.text,
      ...(shortText ? { shortText } : {}),
      ...(qs.ordered || qs.scale ? { ordinal: true } : {}),
      ...(qs.scale ? { polarity: qs.scale.polarity, ...(qs.scale.neutral !== undefined ? { neutral: qs.scale.neutral } : {}) } : {}),
      base: base(q, t.main.all, undefined, inQ),
      options: [],
    };
    const all = t.main.all;
    switch (lq.kind) {
      case 'numeric':
      case 'single':
      case 'multi':
        if (qs.kind === 'nps') {
          // NPS: the three groups are what is charted; the score is promoters − detractors.
          const scores = lq.kind === 'single' ? npsScores(spec, lq) : { scores: undefined };
          if ('problem' in scores && scores.problem) specError(scores.problem);
          const n = all.baseN(inQ);
          const { nps, bad } = npsStat(all, n, (key) => (scores.scores ? scores.scores.get(key) : Number(key)));
          if (bad.length) specError(`questions.${mq.id}: NPS answers are whole numbers 0–10; the export has ${bad.slice(0, 5).join(', ')}`);
          agg.nps = nps;
          agg.options = npsOptions(nps);
          agg.ordinal = true;
          agg.polarity = 'ascending';
          agg.crosstabs = crosstabsOf(q, t, inQ, (st) => {
            const own = npsStat(st, st.baseN(inQ), (key) => (scores.scores ? scores.scores.get(key) : Number(key))).nps;
            return { options: npsOptions(own), nps: own };
          });
          break;
        }
        if (lq.kind === 'numeric') {
          const buckets = bucketsOf(spec, mq.id, all);
          const { counts, outside } = bucketCounts(buckets, all);
          if (outside.length) {
            specError(`questions.${mq.id}.buckets: ${outside.length} value(s) fall in no bucket (${outside.slice(0, 5).join(', ')}); add a bucket or widen one`);
          }
          const n = all.baseN(inQ);
          agg.options = buckets.map((b, i) => ({ code: b.code, label: b.label, count: counts[i], share: share(counts[i], n) }));
          agg.ordinal = true;
          // An extreme that is an answer in words' stand-in ("More than 50 years" as 51) is no answer's number.
          const words = new Set(lq.numberWords?.values() ?? []);
          const marked = (s: NumericStat): NumericStat => (words.has(s.min) || words.has(s.max) ? { ...s, openEnds: true } : s);
          const numeric = numericStat(all);
          if (numeric) agg.numeric = marked(numeric);
          // Each segment counted in the question's buckets, so its bars line up with the question's.
          agg.crosstabs = crosstabsOf(q, t, inQ, (st) => {
            const own = bucketCounts(buckets, st).counts;
            const sn = st.baseN(inQ);
            const stat = numericStat(st);
            return { options: buckets.map((b, i) => ({ code: b.code, label: b.label, count: own[i], share: share(own[i], sn) })), ...(stat ? { numeric: marked(stat) } : {}) };
          });
          break;
        }
        agg.options = options(lq, t.main.all, inQ);
        {
          const nets = netStats(lq, all, agg.base.n);
          if (nets) agg.nets = nets;
        }
        agg.crosstabs = crosstabsOf(q, t, inQ, (st) => ({ options: options(lq, st, inQ) }));
        break;
      case 'grid': {
        // A grid's base is per row; the question's base is the widest row.
        const widest = t.items.reduce((a, b) => (b.all.answered > a.all.answered ? b : a), t.items[0]);
        if (widest) agg.base = base(q, widest.all, undefined, inQ);
        agg.items = lq.items.map((item, i): GridItem => {
          const b = base(q, t.items[i].all, undefined, inQ);
          const nets = netStats(lq, t.items[i].all, b.n);
          const shortLabel = qs.shortLabels?.[item.code];
          return { code: item.code, label: item.label, ...(shortLabel ? { shortLabel } : {}), base: b, levels: levels(lq, t.items[i].all, inQ), ...(nets ? { nets } : {}) };
        });
        const noRow = Object.keys(qs.shortLabels ?? {}).filter((code) => !lq.items.some((it) => it.code === code));
        if (noRow.length) specError(`questions.${mq.id}.shortLabels: a grid's short labels are its rows'; it has no row ${noRow.join(', ')} (rows: ${lq.items.map((it) => it.code).join(', ')})`);
        agg.scale = [...lq.scale];
        if (lq.multiLevel) agg.multiLevel = true;
        if (qs.kind === 'ranking') {
          const codes = lq.scaleCodes ?? lq.scale.map((_, i) => String(i + 1));
          const notRanks = codes.filter((c) => !lq.nonAnswers.has(c) && !/^[1-9]\d*$/.test(c));
          if (notRanks.length) specError(`questions.${mq.id}: a ranking's levels are its ranks 1, 2, …; codes ${notRanks.join(', ')} are not`);
          const rankOf = (c: string) => (lq.nonAnswers.has(c) || !/^[1-9]\d*$/.test(c) ? undefined : Number(c));
          const top = qs.ranking?.top ?? Math.min(3, lq.items.length);
          agg.ranking = rankingStat(lq.items.map((it, i) => ({ code: it.code, label: it.label, tally: t.items[i].all })), rankOf, agg.base.n, top);
          // Charted as the share ranking each item first.
          const firstCodes = codes.filter((c) => rankOf(c) === 1);
          agg.options = agg.ranking.items.map((it, i) => {
            const shortLabel = qs.shortLabels?.[it.code];
            return { code: it.code, label: it.label, count: firstCodes.reduce((sum, c) => sum + t.items[i].all.count(c), 0), share: it.firstShare, ...(shortLabel ? { shortLabel } : {}) };
          });
        }
        break;
      }
      case 'text': {
        agg.textAnswers = t.main.all.answered;
        const kept = input.verbatims?.get(mq.id);
        if (kept) agg.verbatims = kept;
        break;
      }
    }
    const trend = input.trends.get(mq.id);
    if (trend) agg.trend = trend;
    questions[mq.id] = agg;
  }

  // ── findings ──
  const findings: Record<string, Finding> = {};
  for (const [id, f] of Object.entries(spec.findings)) {
    const q = layoutIndex.get(f.question);
    if (q === undefined) {
      specError(`findings.${id}: question \`${f.question}\` has no data in the export`);
      continue;
    }
    const lq = layout.questions[q];
    const includeDontKnow = (f.base ?? spec.base.questions[f.question] ?? spec.base).nonAnswers === 'include';
    let st = scan.tallies[q].main;
    if (lq.kind === 'grid') {
      const item = lq.items.findIndex((it) => it.code === f.item);
      if (item === -1) {
        specError(`findings.${id}: grid question ${f.question} needs \`item\`, one of ${lq.items.map((it) => it.code).join(', ')}`);
        continue;
      }
      st = scan.tallies[q].items[item];
    } else if (f.item !== undefined) {
      specError(`findings.${id}: \`item\` is only for grid questions; ${f.question} is ${lq.kind}`);
      continue;
    }
    let codes: string[];
    let net: string | undefined;
    if (f.net !== undefined) {
      const def = lq.nets?.find((x) => x.id === f.net);
      if (!def || f.codes) {
        specError(f.codes ? `findings.${id}: give \`codes\` or \`net\`, not both` : `findings.${id}: ${f.question} has no net \`${f.net}\`; its nets are ${lq.nets?.map((x) => x.id).join(', ') || 'none'}`);
        continue;
      }
      codes = [...def.codes];
      net = def.id;
    } else if (f.codes) codes = f.codes;
    else {
      specError(`findings.${id}: needs \`codes\` (the answers it counts) or \`net\``);
      continue;
    }
    const unknown = codes.filter((c) => !lq.codes.includes(c));
    if (unknown.length > 0) {
      specError(`findings.${id}: ${f.question} has no code ${unknown.join(', ')}; its codes are ${lq.codes.join(', ')}`);
      continue;
    }
    if (!includeDontKnow && codes.some((c) => lq.dontKnowCodes.has(c))) {
      const outside = codes.filter((c) => lq.dontKnowCodes.has(c));
      specError(
        `findings.${id}: counts ${outside.map((c) => `“${labelOf(lq, c)}” (${c})`).join(', ')}, which the base leaves out (a non-answer, with \`base.nonAnswers: exclude\`): drop the code, or keep non-answers in this question's base (\`base.questions.${f.question}: { nonAnswers: include }\`)`,
      );
      continue;
    }
    if (f.segment && !segmentPhrase.has(f.segment)) {
      specError(`findings.${id}: unknown segment \`${f.segment}\`; segments are ${[...segmentPhrase.keys()].join(', ')}`);
      continue;
    }
    const t = f.segment ? st.segment(f.segment) : st.all;
    const b = base(q, t, f.segment, includeDontKnow);
    // Single/grid: one code per respondent, so the sum counts respondents. Multi: respondents
    // choosing several of the codes would be counted twice, so a multi finding takes one code.
    // A net counts each respondent once, whatever the kind.
    if ((lq.kind === 'multi' || lq.multiLevel) && codes.length > 1 && net === undefined) {
      specError(`findings.${id}: a finding on multi-choice ${f.question} takes one code (respondents may choose several), or a net`);
      continue;
    }
    const count = net !== undefined ? t.netCount(net) : codes.reduce((sum, c) => sum + t.count(c), 0);
    findings[id] = {
      id,
      question: f.question,
      codes,
      ...(f.item !== undefined ? { item: f.item } : {}),
      ...(f.segment ? { segment: f.segment } : {}),
      count,
      base: b,
      share: share(count, b.n),
      ...(f.published ? { published: f.published } : {}),
    };
  }

  const sections = model.sections
    // A divider's title: the spec's name for the section where it gives one, not the page's sentence
    // ("Tell us a little bit about yourself…").
    .map((s) => ({ id: s.id, title: spec.sections[s.id]?.title ?? s.title, questions: model.questions.filter((q) => q.section === s.id && q.id in questions).map((q) => q.id) }))
    .filter((s) => s.questions.length > 0);

  const aggregates: Aggregates = {
    schemaVersion: 1,
    survey: {
      id: spec.survey.id,
      title: spec.survey.title,
      year: spec.survey.year,
      ...(spec.survey.language && spec.survey.language !== 'en' ? { language: spec.survey.language } : {}),
      respondents: scan.respondents,
      ...(scan.firstStart ? { fieldedFrom: scan.firstStart } : {}),
      ...(scan.lastEnd ? { fieldedTo: scan.lastEnd } : {}),
    },
    source: { ...spec.source },
    sections,
    segments,
    questions,
    findings,
    claims: checkClaims(spec, findings, questions, specError, input.segmentWithoutTrends === true),
    thresholds: { ...spec.thresholds },
    significance: { ...spec.significance },
    highlights: checkHighlights(spec, findings, questions, specError),
  };
  for (const [qid, qs] of Object.entries(spec.questions)) if (qs.slide === false && questions[qid]) questions[qid].slide = false;
  return { aggregates, diagnostics };
}

/** Claims name findings, questions and segments that must exist; they are carried as declared. */
function checkClaims(
  spec: SurveySpec,
  findings: Record<string, Finding>,
  questions: Record<string, QuestionAggregate>,
  specError: (message: string) => void,
  segmentWithoutTrends: boolean,
): Aggregates['claims'] {
  const out: Aggregates['claims'] = {};
  for (const [name, c] of Object.entries(spec.claims)) {
    const where = `claims.${name}`;
    const needFinding = (id: string) => findings[id] || specError(`${where}: no finding \`${id}\``);
    const needQuestion = (id: string) => questions[id] || specError(`${where}: no question \`${id}\``);
    switch (c.kind) {
      case 'compare':
        needFinding(c.a);
        needFinding(c.b);
        break;
      case 'segments': {
        const q = needQuestion(c.question);
        const dim = c.segments[0].split(':')[0];
        if (q && !q.crosstabs?.[dim]) specError(`${where}: ${c.question} has no crosstab by \`${dim}\``);
        break;
      }
      case 'rank':
        if (!!c.question === !!c.findings) specError(`${where}: a rank claim takes \`question\` or \`findings\`, one of the two`);
        if (c.question) needQuestion(c.question);
        c.findings?.forEach(needFinding);
        break;
      case 'share':
        if ([c.finding, c.codes ?? c.top].filter(Boolean).length !== 1 || (!c.finding && !c.question)) {
          specError(`${where}: a share claim takes a \`finding\`, or a \`question\` with \`codes\` or \`top\``);
        }
        if (c.finding) needFinding(c.finding);
        if (c.question) needQuestion(c.question);
        break;
      case 'rest':
        needFinding(c.finding);
        break;
      case 'waves': {
        const q = needQuestion(c.question);
        if (q && !q.trend && !segmentWithoutTrends) specError(`${where}: ${c.question} has no trend (add it under trend.questions)`);
        break;
      }
    }
    out[name] = c as ClaimDeclaration;
  }
  return out;
}
