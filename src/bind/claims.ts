// Bind stage: claims (declared in the survey spec, carried in the aggregates) evaluated on the data:
// the figures each rests on, the test, and the outcome whose sentence the catalogue gives. Pure.
//
//   compare   finding a vs b           prop.test (Fisher if an expected count < 5) → higher | level | lower
//   segments  every answer, seg a vs b  the same test per answer, Holm across answers → differ | level
//   rank      top answers / findings    never a non-answer ("Other", "Don't know", "None") → clear | tied
//   share     a share vs a threshold    → above | below
//   waves     this year vs the trend    the compare test → higher | level | lower
//   rest      a segment vs the rest     the compare test on the finding in the segment and outside it → higher | level | lower
import type { Aggregates, Base, ClaimDeclaration, ClaimResult, Finding, OptionStat, QuestionAggregate } from '../ir.js';
import { error } from '../diagnostics.js';
import { compareProportions, holmAdjust, ratioPrecision, riskRatio, testBase } from '../stats/index.js';
import type { RiskRatio } from '../stats/index.js';
import { inBase } from './chart-rows.js';

type Figure = ClaimResult['figures'][number];

/** Evaluate every claim the aggregates declare. */
export function evaluateClaims(aggregates: Aggregates): Map<string, ClaimResult> {
  const out = new Map<string, ClaimResult>();
  for (const [name, decl] of Object.entries(aggregates.claims ?? {})) {
    // A segment's aggregates carry no trend: a waves claim cannot be evaluated there (its slide is omitted).
    if (decl.kind === 'waves' && !aggregates.questions[decl.question]?.trend) continue;
    // Only a segment's deck has a rest of the survey to compare with (its slides leave the other decks).
    if (decl.kind === 'rest' && !aggregates.rest) continue;
    // A segment that is everyone (or no one) leaves one side empty: nothing to compare, so the claim is not
    // evaluable there and its line is left out, as a waves claim without a trend is.
    if (decl.kind === 'rest' && !restComparable(decl.finding, aggregates)) continue;
    // A group with no one in it (in a segment's deck, another segment's finding) cannot be tested: the
    // claim is not evaluated, and bind leaves its slide out there, or says why (CLAIM_UNTESTABLE).
    if (claimUntestable(decl, aggregates)) continue;
    out.set(name, evaluateClaim(name, decl, aggregates));
  }
  return out;
}

/**
 * Why a claim cannot be tested on these aggregates: a group it compares, or the figure it weighs, has no
 * one in its base (a finding on another segment, in a segment's deck). Undefined when it can; a finding
 * or question the aggregates lack is left to evaluateClaim, which says so (INVALID_AGGREGATES).
 */
export function claimUntestable(decl: ClaimDeclaration, aggregates: Aggregates): string | undefined {
  const emptyFinding = (id: string) => {
    const f = aggregates.findings[id];
    return f && testCounts(f.share, f.count, f.base).n <= 0 ? `finding \`${id}\` has no respondents in its base` : undefined;
  };
  const emptyQuestion = (id: string) => {
    const q = aggregates.questions[id];
    return q && q.base.n <= 0 ? `question \`${id}\` has no respondents in its base` : undefined;
  };
  switch (decl.kind) {
    case 'compare':
      return emptyFinding(decl.a) ?? emptyFinding(decl.b);
    case 'share':
      return decl.finding ? emptyFinding(decl.finding) : emptyQuestion(decl.question!);
    case 'rank':
      return decl.question ? emptyQuestion(decl.question) : undefined;
    case 'waves': {
      const q = aggregates.questions[decl.question];
      return emptyQuestion(decl.question) ?? (q?.trend && q.trend.base.n <= 0 ? `question \`${decl.question}\` has no respondents in its earlier wave` : undefined);
    }
    case 'segments': {
      const q = aggregates.questions[decl.question];
      const dim = decl.segments[0].split(':')[0];
      // The aggregates leave out a segment with no one in it (a segment's own data holds that segment only).
      const cut = q?.crosstabs?.[dim];
      const empty = cut && decl.segments.find((id) => {
        const s = cut.find((x) => x.segment === id);
        return s === undefined || s.base.n <= 0;
      });
      return empty ? `segment \`${empty}\` has no respondents who answered \`${decl.question}\`` : undefined;
    }
    case 'rest':
      return undefined;
  }
}

/** A rest claim's two groups (the segment and the rest of the survey) both have someone in the finding's base. */
export function restComparable(finding: string, aggregates: Aggregates): boolean {
  const [mine, theirs] = [aggregates.findings[finding], aggregates.rest?.findings[finding]];
  // A finding missing on either side is left to evaluateClaim, which says so (INVALID_AGGREGATES).
  if (!mine || !theirs) return true;
  return [mine, theirs].every((f) => testCounts(f.share, f.count, f.base).n > 0);
}

/** Counts a test uses: weighted data test on the effective base (Kish), with the share kept. */
function testCounts(share: number, count: number, base: Base): { x: number; n: number } {
  const n = testBase(base);
  if (n === base.n) return { x: count, n };
  return { x: Math.round(share * n), n: Math.round(n) };
}

function direction(a: Figure, b: Figure, p: number, alpha: number): 'higher' | 'level' | 'lower' {
  if (p >= alpha || a.share === b.share) return 'level';
  return a.share > b.share ? 'higher' : 'lower';
}

/**
 * A difference is claimed only when the test and the ratio's interval agree: on small bases a
 * two-proportion (or Fisher's) test can call a difference significant while the Katz interval of the
 * ratio still includes 1 (36 of 64 against 1 of 8: p = 0.026, ratio 4.5, 95% interval 0.7–28.5), and a
 * slide would then print "4× as likely" beside notes whose interval says "maybe not at all". Such a
 * claim gets the `level` sentence. (A ratio without an interval, a zero count, leaves the test alone.)
 */
export function agreed(outcome: 'higher' | 'level' | 'lower', rr: RiskRatio): 'higher' | 'level' | 'lower' {
  if (outcome === 'level' || !rr.confInt) return outcome;
  return rr.confInt[0] <= 1 && rr.confInt[1] >= 1 ? 'level' : outcome;
}

const figureOfFinding = (f: Finding, label = f.id): Figure => ({ id: f.id, label, share: f.share, count: f.count, n: testBase(f.base) });

/** Substantive answers: inside the base, and not "Other", "Don't know" or "None". */
export function substantive(q: QuestionAggregate): OptionStat[] {
  return q.options.filter((o) => !o.nonAnswer && inBase(o, q.base));
}

export function evaluateClaim(name: string, decl: ClaimDeclaration, aggregates: Aggregates): ClaimResult {
  const level = aggregates.significance?.level ?? 0.95;
  const alpha = 1 - level;
  const finding = (id: string): Finding => {
    const f = aggregates.findings[id];
    if (!f) throw error('INVALID_AGGREGATES', `claims.${name}: no finding \`${id}\``);
    return f;
  };
  const question = (id: string): QuestionAggregate => {
    const q = aggregates.questions[id];
    if (!q) throw error('INVALID_AGGREGATES', `claims.${name}: no question \`${id}\``);
    return q;
  };
  const restFinding = (id: string): Finding => {
    const f = aggregates.rest?.findings[id];
    if (!f) throw error('INVALID_AGGREGATES', `claims.${name}: the rest of the survey has no finding \`${id}\``, { hint: 'a rest claim is evaluated in a segment\'s deck only (build --per)' });
    return f;
  };
  const optionFigure = (q: QuestionAggregate, o: OptionStat, base: Base = q.base): Figure => ({ id: o.code, label: o.label, share: o.share, count: o.count, n: testBase(base) });

  switch (decl.kind) {
    case 'compare':
    case 'rest': {
      const [fa, fb] = decl.kind === 'compare' ? [finding(decl.a), finding(decl.b)] : [finding(decl.finding), restFinding(decl.finding)];
      const [a, b] = decl.kind === 'compare' ? [figureOfFinding(fa), figureOfFinding(fb)] : [figureOfFinding(fa, aggregates.rest!.segment), figureOfFinding(fb, 'rest')];
      const ca = testCounts(fa.share, fa.count, fa.base);
      const cb = testCounts(fb.share, fb.count, fb.base);
      const t = compareProportions(ca.x, ca.n, cb.x, cb.n);
      const rr = riskRatio(ca.x, ca.n, cb.x, cb.n, level);
      const printed = ratioPrecision(rr);
      return {
        name,
        kind: decl.kind,
        outcome: agreed(direction(a, b, t.pValue, alpha), rr),
        figures: [a, b],
        test: { name: t.test, pValue: t.pValue, level },
        ratio: { value: rr.ratio, ...(rr.confInt ? { low: rr.confInt[0], high: rr.confInt[1] } : {}), printed: printed.value, about: printed.about, level },
      };
    }
    case 'waves': {
      const q = question(decl.question);
      if (!q.trend) throw error('INVALID_AGGREGATES', `claims.${name}: ${q.id} has no trend`);
      const sum = (options: OptionStat[], base: Base, id: string, label: string): Figure => {
        const picked = options.filter((o) => decl.codes.includes(o.code));
        const count = picked.reduce((s, o) => s + o.count, 0);
        return { id, label, share: base.n ? count / base.n : 0, count, n: testBase(base) };
      };
      const now = sum(q.options, q.base, String(aggregates.survey.year), String(aggregates.survey.year));
      const then = sum(q.trend.options, q.trend.base, String(q.trend.year), String(q.trend.year));
      const t = compareProportions(now.count, q.base.n, then.count, q.trend.base.n);
      return { name, kind: decl.kind, outcome: direction(now, then, t.pValue, alpha), figures: [now, then], test: { name: t.test, pValue: t.pValue, level } };
    }
    case 'segments': {
      const q = question(decl.question);
      const dim = decl.segments[0].split(':')[0];
      const stats = decl.segments.map((id) => {
        const s = q.crosstabs?.[dim]?.find((x) => x.segment === id);
        if (!s) throw error('INVALID_AGGREGATES', `claims.${name}: ${q.id} has no segment \`${id}\``);
        return s;
      });
      const answers = substantive(q);
      const tests = answers.map((o) => {
        const [a, b] = stats.map((s) => s.options.find((x) => x.code === o.code)!);
        return { o, a, b, t: compareProportions(a.count, stats[0].base.n, b.count, stats[1].base.n) };
      });
      const adjusted = holmAdjust(tests.map((x) => x.t.pValue));
      const perAnswer = tests.map((x, i) => ({
        code: x.o.code,
        pAdjusted: adjusted[i],
        direction: direction(optionFigure(q, x.a, stats[0].base), optionFigure(q, x.b, stats[1].base), adjusted[i], alpha),
      }));
      const smallest = perAnswer.reduce((m, x, i) => (x.pAdjusted < perAnswer[m].pAdjusted ? i : m), 0);
      const best = tests[smallest];
      return {
        name,
        kind: decl.kind,
        outcome: perAnswer.some((x) => x.direction !== 'level') ? 'differ' : 'level',
        figures: best ? [
          { ...optionFigure(q, best.a, stats[0].base), id: `${stats[0].segment}:${best.o.code}` },
          { ...optionFigure(q, best.b, stats[1].base), id: `${stats[1].segment}:${best.o.code}` },
        ] : [],
        test: { name: best?.t.test ?? 'prop.test', pValue: perAnswer[smallest]?.pAdjusted ?? 1, level, holm: true },
        perAnswer,
      };
    }
    case 'rank': {
      const items: Figure[] = decl.question
        ? substantive(question(decl.question)).map((o) => optionFigure(question(decl.question!), o))
        : (decl.findings ?? []).map((id) => figureOfFinding(finding(id)));
      const ranked = [...items].sort((x, y) => y.share - x.share || x.id.localeCompare(y.id, 'en', { numeric: true }));
      const top = decl.top;
      const last = ranked[top - 1];
      const next = ranked[top];
      // Tied: the last named and the first not named have the same share (within rounding noise).
      const tied = !last || (next !== undefined && Math.abs(last.share - next.share) < 1e-9);
      return { name, kind: decl.kind, outcome: tied ? 'tied' : 'clear', figures: ranked.slice(0, top + 1) };
    }
    case 'share': {
      let figures: Figure[];
      let total: Figure;
      if (decl.finding) {
        total = figureOfFinding(finding(decl.finding));
        figures = [total];
      } else {
        const q = question(decl.question!);
        const picked = decl.codes ? substantiveOrAll(q).filter((o) => decl.codes!.includes(o.code)) : [...substantive(q)].sort((x, y) => y.share - x.share).slice(0, decl.top);
        figures = picked.map((o) => optionFigure(q, o));
        // Shares of single-choice codes add up; summed unrounded, rounded once for display.
        const share = picked.reduce((s, o) => s + o.share, 0);
        total = { id: picked.map((o) => o.code).join('+'), label: picked.map((o) => o.label).join(' + '), share, count: picked.reduce((s, o) => s + o.count, 0), n: testBase(q.base) };
      }
      return { name, kind: decl.kind, outcome: total.share > decl.threshold ? 'above' : 'below', figures: [total, ...(figures.length > 1 ? figures : [])] };
    }
  }
}

/** Codes named explicitly may be any answer inside the base. */
function substantiveOrAll(q: QuestionAggregate): OptionStat[] {
  return q.options.filter((o) => inBase(o, q.base));
}

/** The numbers a claim rests on, in one line, for diagnostics and the claims report. */
export function describeClaim(r: ClaimResult): string {
  const pct = (s: number) => `${Math.round(s * 1000) / 10}%`;
  const figures = r.figures.map((f) => `${f.label} ${pct(f.share)} (${f.count} of ${Math.round(f.n * 10) / 10})`).join(' vs ');
  const test = r.test ? `, ${r.test.name}${r.test.holm ? ' (Holm)' : ''} p = ${r.test.pValue.toPrecision(3)}` : '';
  return `${r.kind} ${figures}${test} → ${r.outcome}`;
}
