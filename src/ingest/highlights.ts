// Ingest stage: the survey spec's highlights → Aggregates['highlights'], each checked against the
// findings, questions, segments and claims it names, with its defaults filled in. Pure.
//
//   spec highlight { id, finding, chart: { question, rows }, claims } ─▶ Highlight (template, chart spec,
//   highlighted findings) ─▶ bind expands `foreach: highlights` into deck slides
import type { ChartRows, Finding, Highlight, QuestionAggregate } from '../ir.js';
import type { SurveySpec } from './survey-spec.js';

/** The chart spec a highlight's chart uses unless it names one: the same choice full results makes. */
export const DEFAULT_CHART_SPEC: Record<ChartRows, string> = {
  options: 'bar-horizontal',
  findings: 'bar-horizontal',
  items: 'stacked-100',
  levels: 'grouped-bars',
  trend: 'grouped-bars',
  segments: 'grouped-bars',
};

/** Roots of the aggregates a highlight's `args` may point into. */
const ARG_ROOTS = ['findings', 'questions', 'survey', 'source', 'thresholds', 'significance', 'segments'];

export function checkHighlights(
  spec: SurveySpec,
  findings: Record<string, Finding>,
  questions: Record<string, QuestionAggregate>,
  specError: (message: string) => void,
): Highlight[] {
  const seen = new Set<string>();
  const out: Highlight[] = [];
  spec.highlights.forEach((h, i) => {
    const where = `highlights[${i}] (${h.id})`;
    if (seen.has(h.id)) specError(`${where}: the id \`${h.id}\` is used twice (it names the highlight's messages)`);
    seen.add(h.id);
    const needFinding = (id: string) => findings[id] ?? void specError(`${where}: no finding \`${id}\` (declare it under findings:)`);
    const needQuestion = (id: string) => questions[id] ?? void specError(`${where}: no question \`${id}\` in the aggregates`);
    const needClaim = (name: string) => spec.claims[name] ?? void specError(`${where}: no claim \`${name}\` (declare it under claims:)`);
    if (h.question !== undefined) {
      // The question's own slide: nothing else to say (its takeaway is computed), so nothing else may be given.
      const q = needQuestion(h.question);
      const given: Record<string, boolean> = {
        finding: h.finding !== undefined,
        kpis: h.kpis !== undefined,
        chart: h.chart !== undefined,
        template: h.template !== undefined,
        replaces: h.replaces !== undefined,
        claims: h.claims.length > 0,
        args: Object.keys(h.args).length > 0,
        text: Object.keys(h.text).length > 0,
      };
      const extra = Object.keys(given).filter((k) => given[k]);
      if (extra.length) specError(`${where}: \`question\` shows the question's own slide; it takes no ${extra.map((k) => `\`${k}\``).join(', ')} (write a chart highlight for a slide of your own)`);
      if (q && q.kind === 'text') specError(`${where}: ${h.question} is open text, which has no chart: its answers are listed in full results`);
      if (q && q.slide === false) specError(`${where}: ${h.question} has \`slide: false\` in the spec (no slide of its own)`);
      out.push({ id: h.id, template: 'question', question: h.question, claims: [], args: {}, text: {}, ...(h.decks ? { decks: h.decks } : {}) });
      return;
    }
    if (h.finding) needFinding(h.finding);
    h.kpis?.forEach(needFinding);
    h.claims.forEach(needClaim);
    for (const [name, p] of Object.entries(h.args)) {
      const [root, id] = p.split('.');
      if (!ARG_ROOTS.includes(root)) specError(`${where}: argument \`${name}\` (\`${p}\`) must start with one of ${ARG_ROOTS.join(', ')}`);
      else if (root === 'findings' && id) needFinding(id);
      else if (root === 'questions' && id) needQuestion(id);
    }

    let chart: Highlight['chart'];
    if (h.chart) {
      const c = h.chart;
      const q = c.question ? needQuestion(c.question) : undefined;
      if (c.rows !== 'findings' && !c.question) specError(`${where}: chart rows \`${c.rows}\` need a \`question\``);
      if (c.rows === 'findings' && !c.findings) specError(`${where}: chart rows \`findings\` need a list of \`findings\``);
      if ((c.rows === 'items' || c.rows === 'levels') && q && q.kind !== 'grid') specError(`${where}: chart rows \`items\` are a grid's rows; ${c.question} is ${q.kind}`);
      if (c.rows === 'segments') {
        if (!c.by || !c.segments) specError(`${where}: chart rows \`segments\` need \`by\` (a crosstab) and \`segments\``);
        else {
          if (q && !q.crosstabs?.[c.by]) specError(`${where}: ${c.question} has no crosstab by \`${c.by}\` (list the dimension under crosstabs: \`crosstabs: [${[...new Set([...spec.crosstabs, c.by])].join(', ')}]\`)`);
          for (const s of c.segments) {
            const [dim, seg] = s.split(':');
            if (dim !== c.by || !spec.segments[dim]?.segments.some((x) => x.id === seg)) specError(`${where}: no segment \`${s}\` under \`${c.by}\``);
          }
        }
      }
      c.findings?.forEach(needFinding);
      c.highlight?.forEach(needFinding);
      // The headline's figure and the chart beside it are one thing: a finding the chart does not draw
      // (another question, or not among its findings) would put a figure next to a chart that cannot show it.
      const own = h.finding ? findings[h.finding] : undefined;
      if (own && (c.rows === 'findings' ? !c.findings?.includes(h.finding!) : own.question !== c.question)) {
        const drawn = c.rows === 'findings' ? `findings: ${(c.findings ?? []).join(', ') || 'none'}` : `question ${c.question}`;
        specError(`${where}: its finding \`${h.finding}\` (question ${own.question}) is not drawn by its chart (${drawn}): the headline's figure would stand beside a chart that does not show it`);
      }
      if (c.marks && needClaim(c.marks) && spec.claims[c.marks].kind !== 'segments') specError(`${where}: chart marks come from a \`segments\` claim; \`${c.marks}\` is ${spec.claims[c.marks].kind}`);
      // The headline figure's bars stand out, and the build checks they add up to it (CLAIM_MISMATCH).
      const ownFinding = h.finding && findings[h.finding]?.question === c.question && ['options', 'items', 'trend'].includes(c.rows) ? [h.finding] : [];
      chart = {
        rows: c.rows,
        ...(c.question ? { question: c.question } : {}),
        spec: c.spec ?? DEFAULT_CHART_SPEC[c.rows],
        ...(c.by ? { by: c.by } : {}),
        ...(c.segments ? { segments: c.segments } : {}),
        ...(c.findings ? { findings: c.findings } : {}),
        ...(c.top ? { top: c.top } : {}),
        highlight: c.highlight ?? ownFinding,
        ...(c.marks ? { marks: c.marks } : {}),
      };
    }
    const template = h.template ?? (h.chart ? 'chart' : h.kpis ? 'big-numbers' : 'bullets');
    if (template === 'chart' && !h.chart) specError(`${where}: template \`chart\` needs a \`chart\``);
    if (template === 'big-numbers' && !h.kpis) specError(`${where}: template \`big-numbers\` needs \`kpis\` (two to four findings)`);
    out.push({
      id: h.id,
      template,
      ...(h.finding ? { finding: h.finding } : {}),
      ...(h.kpis ? { kpis: h.kpis } : {}),
      ...(chart ? { chart } : {}),
      claims: h.claims,
      args: h.args,
      text: h.text,
      ...(h.decks ? { decks: h.decks } : {}),
      ...(h.replaces ? { replaces: h.replaces } : {}),
    });
  });
  return out;
}
