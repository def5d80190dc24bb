// Nothing about a particular survey lives in the code: renaming every question id and column,
// translating every label and reversing a scale (in the export and in its spec) gives the same
// figures; no source file names a shipped survey's question ids, segments, scale labels or columns;
// and English wording decides nothing unless the spec allows it.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Aggregates } from '../../src/ir.js';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { diagnosticsOf, fixtures, projectRoot } from './helpers.js';

/** Answers of six respondents, by code (the sixth is a test response the filter removes). */
const answers = [
  { sat: '1', tools: ['1', '2'], price: '2', quality: '3', age: '34' },
  { sat: '2', tools: ['2'], price: '3', quality: '9', age: '41' },
  { sat: '9', tools: ['4'], price: '1', quality: '2', age: '29' },
  { sat: '4', tools: ['1', '3'], price: '9', quality: '3', age: '55' },
  { sat: '2', tools: ['3'], price: '', quality: '', age: '38' },
  { sat: '5', tools: ['1'], price: '1', quality: '1', age: '99', test: true },
];

interface Wording {
  ids: { sat: string; tools: string; prio: string; age: string };
  meta: { id: string; collector: string };
  questions: { sat: string; tools: string; prio: string; age: string };
  sat: Record<string, string>;
  tools: Record<string, string>;
  rows: { price: string; quality: string };
  levels: Record<string, string>;
  /** Scale order as listed (export columns of the grid and options in the spec). */
  levelOrder: string[];
  satOrder: string[];
  satPolarity: 'ascending' | 'descending';
  prioPolarity: 'ascending' | 'descending';
}

const english: Wording = {
  ids: { sat: 'sat', tools: 'tools', prio: 'prio', age: 'age' },
  meta: { id: 'Respondent ID', collector: 'Collector ID' },
  questions: { sat: 'How satisfied are you?', tools: 'Which tools do you use?', prio: 'How important is this?', age: 'How old are you?' },
  sat: { 1: 'Very satisfied', 2: 'Satisfied', 3: 'Neither', 4: 'Dissatisfied', 5: 'Very dissatisfied', 9: "I don't know" },
  tools: { 1: 'Git, GitHub', 2: 'Jira', 3: 'Slack', 4: 'None of these' },
  rows: { price: 'Price', quality: 'Quality' },
  levels: { 1: 'Not important', 2: 'Important', 3: 'Very important', 9: "I don't know" },
  levelOrder: ['1', '2', '3', '9'],
  satOrder: ['1', '2', '3', '4', '5', '9'],
  satPolarity: 'descending',
  prioPolarity: 'ascending',
};

// Every id, column and label changed; both scales listed the other way round, polarity flipped.
const german: Wording = {
  ids: { sat: 'zufriedenheit', tools: 'werkzeuge', prio: 'wichtigkeit', age: 'alter' },
  meta: { id: 'Teilnehmer-Nr.', collector: 'Quelle' },
  questions: { sat: 'Wie zufrieden sind Sie?', tools: 'Welche Werkzeuge nutzen Sie?', prio: 'Wie wichtig ist das?', age: 'Wie alt sind Sie?' },
  sat: { 1: 'Sehr zufrieden', 2: 'Zufrieden', 3: 'Teils, teils', 4: 'Unzufrieden', 5: 'Sehr unzufrieden', 9: 'Weiß nicht' },
  tools: { 1: 'Git, GitHub', 2: 'Jira-Tickets', 3: 'Slack-Chat', 4: 'Nichts davon' },
  rows: { price: 'Preis', quality: 'Qualität' },
  levels: { 1: 'Unwichtig', 2: 'Wichtig', 3: 'Sehr wichtig', 9: 'Weiß nicht' },
  levelOrder: ['9', '3', '2', '1'],
  satOrder: ['9', '5', '4', '3', '2', '1'],
  satPolarity: 'ascending',
  prioPolarity: 'descending',
};

/** A SurveyMonkey expanded export (two header rows, answer text), written by this test. */
function exportOf(w: Wording): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const toolCodes = ['1', '2', '3', '4'];
  const header1 = [w.meta.id, w.meta.collector, w.questions.sat, w.questions.tools, '', '', '', w.questions.prio, ...new Array(7).fill(''), w.questions.age];
  const header2 = ['', '', 'Response', ...toolCodes.map((c) => w.tools[c]), ...['price', 'quality'].flatMap((r) => w.levelOrder.map((l) => `${w.rows[r as 'price']} - ${w.levels[l]}`)), 'Response'];
  const lines = [header1, header2].map((h) => h.map(q).join(','));
  answers.forEach((a, i) => {
    const cells = [String(1000 + i), a.test ? 'test' : 'web', w.sat[a.sat]];
    for (const c of toolCodes) cells.push(a.tools.includes(c) ? w.tools[c] : '');
    for (const r of ['price', 'quality'] as const) for (const l of w.levelOrder) cells.push(a[r] === l ? w.levels[l] : '');
    cells.push(a.age);
    lines.push(cells.map(q).join(','));
  });
  return lines.join('\n') + '\n';
}

function specOf(w: Wording): string {
  const opts = (labels: Record<string, string>, order: string[]) => order.map((c) => `      - { code: ${c}, label: ${JSON.stringify(labels[c])} }`).join('\n');
  return `version: 2
survey: { id: neutral, title: Neutral, year: 2024 }
source: { publisher: tests, title: Neutral, license: CC0-1.0, licenseUrl: "https://example.org/l", dataUrl: "https://example.org/d", attribution: tests }
input:
  format: surveymonkey-expanded
  file: export.csv
  values: labels
  columns: { respondentId: ${JSON.stringify(w.meta.id)} }
filters:
  - { name: test-link, removeIf: [{ column: ${JSON.stringify(w.meta.collector)}, values: [test] }] }
questions:
  ${w.ids.sat}:
    column: ${JSON.stringify(w.questions.sat)}
    kind: single
    options:
${opts(w.sat, w.satOrder)}
    nonAnswers: { dontKnow: [9] }
    scale: { polarity: ${w.satPolarity}, neutral: 3 }
  ${w.ids.tools}:
    column: ${JSON.stringify(w.questions.tools)}
    kind: multi
    options:
${opts(w.tools, ['1', '2', '3', '4'])}
    nonAnswers: { none: [4] }
  ${w.ids.prio}:
    column: ${JSON.stringify(w.questions.prio)}
    kind: grid
    rows: [{ code: 1, label: ${JSON.stringify(w.rows.price)} }, { code: 2, label: ${JSON.stringify(w.rows.quality)} }]
    options:
${opts(w.levels, w.levelOrder)}
    nonAnswers: { dontKnow: [9] }
    scale: { polarity: ${w.prioPolarity} }
  ${w.ids.age}: { column: ${JSON.stringify(w.questions.age)}, kind: numeric }
populations:
  all: { description: respondents, sections: [] }
segments:
  satisfaction:
    question: ${w.ids.sat}
    segments:
      - { id: happy, label: happy, phrase: who are happy, codes: [1, 2] }
      - { id: unhappy, label: unhappy, phrase: who are unhappy, codes: [4, 5] }
crosstabs: [satisfaction]
base: { nonAnswers: exclude }
findings:
  happy: { question: ${w.ids.sat}, codes: [1, 2] }
  priceMatters: { question: ${w.ids.prio}, item: 1, codes: [2, 3] }
`;
}

async function aggregate(w: Wording): Promise<Aggregates> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-neutral-'));
  await writeFile(path.join(dir, 'export.csv'), exportOf(w));
  await writeFile(path.join(dir, 'survey.yaml'), specOf(w));
  const { aggregates, diagnostics } = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
  expect(diagnostics).toEqual([]);
  return aggregates;
}

/** The figures, keyed by meaning (English id and code), never by the wording. */
function figures(a: Aggregates, w: Wording) {
  const byCode = (list: { code: string; count: number; share: number; nonAnswer?: string }[]) =>
    Object.fromEntries(list.map((o) => [o.code, [o.count, Math.round(o.share * 1e9), o.nonAnswer ?? '']]));
  const sat = a.questions[w.ids.sat];
  const prio = a.questions[w.ids.prio];
  // The best option by the declared polarity: the end of the listed order the polarity names.
  const best = (order: string[], polarity: string) => {
    const substantive = order.filter((c) => c !== '9');
    return polarity === 'ascending' ? substantive.at(-1) : substantive[0];
  };
  return {
    respondents: a.survey.respondents,
    sat: { base: [sat.base.n, sat.base.asked], options: byCode(sat.options), best: best(sat.options.map((o) => o.code), sat.polarity!), neutral: sat.neutral },
    tools: byCode(a.questions[w.ids.tools].options),
    prio: prio.items!.map((i) => ({ row: i.code, n: i.base.n, levels: byCode(i.levels) })),
    prioBest: best(prio.items![0].levels.map((l) => l.code), prio.polarity!),
    age: byCode(a.questions[w.ids.age].options),
    crosstab: sat.crosstabs!.satisfaction.map((s) => [s.segment, s.base.n]),
    findings: Object.values(a.findings).map((f) => [f.id, f.count, f.base.n]),
  };
}

/** Wording fields: what translating and renaming may change. Polarity flips with a scale listed the other way. */
const WORDING = new Set(['label', 'text', 'shortText', 'scale', 'polarity', 'title', 'phrase', 'description', 'why']);

/**
 * Every figure of the aggregates, keyed by meaning: question ids mapped back to the English ones,
 * wording dropped, lists of coded things in code order, numbers to 9 decimals. Nothing is left out
 * but wording, so a figure that moved with a label or an id fails the comparison.
 */
function allFigures(a: Aggregates, w: Wording): unknown {
  const englishId = new Map(Object.entries(w.ids).map(([k, v]) => [v, k]));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Math.round(v * 1e9) / 1e9;
    if (typeof v === 'string') return englishId.get(v) ?? v;
    if (Array.isArray(v)) {
      const items = v.map(walk);
      const coded = items.every((x) => x !== null && typeof x === 'object' && 'code' in (x as object));
      return coded ? [...items].sort((x, y) => String((x as { code: string }).code).localeCompare(String((y as { code: string }).code))) : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !WORDING.has(k))
          .map(([k, x]) => [englishId.get(k) ?? k, walk(x)]),
      );
    }
    return v;
  };
  return { survey: a.survey.respondents, questions: walk(a.questions), findings: walk(a.findings), segments: walk(a.segments), sections: a.sections.map((s) => s.questions.map((q) => englishId.get(q) ?? q)) };
}

describe('survey-neutral ingest', () => {
  it('renamed ids and columns, translated labels and a reversed scale give identical figures', async () => {
    const enAggregates = await aggregate(english);
    const deAggregates = await aggregate(german);
    // Every figure, not only the ones named below: bases, shares, non-answers, nets, crosstabs, numeric stats, findings.
    expect(allFigures(deAggregates, german)).toEqual(allFigures(enAggregates, english));
    expect(JSON.stringify(allFigures(enAggregates, english))).toContain('"crosstabs"');
    const en = figures(enAggregates, english);
    const de = figures(deAggregates, german);
    expect(de).toEqual(en);
    // And the figures are the ones counted by hand from `answers`.
    expect(en.respondents).toBe(5);
    expect(en.sat.base).toEqual([4, 5]);
    expect(en.sat.best).toBe('1');
    expect(en.prioBest).toBe('3');
    expect(en.tools['1'][0]).toBe(2);
    expect(en.prio.map((r) => r.n)).toEqual([3, 3]);
    expect(en.findings).toEqual([['happy', 3, 4], ['priceMatters', 2, 3]]);
  });

  it('English wording decides nothing unless the spec allows it', async () => {
    const dir = path.join(fixtures, 'mini');
    const dirOut = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-english-'));
    const spec = (await readFile(path.join(dir, 'spec.yaml'), 'utf8')).replace('detect: { englishLabels: true }\n', '');
    await writeFile(path.join(dirOut, 'spec.yaml'), spec);
    const diagnostics = await diagnosticsOf(aggregateSurvey({ specFile: path.join(dirOut, 'spec.yaml'), rawFile: path.join(dir, 'valid.csv'), modelFile: path.join(dir, 'model.csv') }));
    expect(diagnostics.map((d) => d.message)).toContain('Question q1 has options but no kind');
  });

  it('no source file names a shipped survey\'s question ids, segments, scale labels or metadata columns', async () => {
    const names = new Set<string>();
    for (const survey of await readdir(path.join(projectRoot, 'data'))) {
      const spec = parseYaml(await readFile(path.join(projectRoot, 'data', survey, 'survey.yaml'), 'utf8'));
      const agg = JSON.parse(await readFile(path.join(projectRoot, 'data', survey, 'aggregates.json'), 'utf8')) as Aggregates;
      for (const id of Object.keys(agg.questions)) names.add(id);
      for (const list of Object.values(agg.segments)) for (const s of list) names.add(s.id);
      for (const q of Object.values(agg.questions)) for (const label of q.scale ?? []) if (label.length > 3) names.add(label);
      for (const col of Object.values(spec.input.columns ?? {}) as string[]) names.add(col);
      for (const f of spec.filters ?? []) for (const c of f.removeIf) if (c.column) names.add(c.column);
    }
    expect(names.has('q12') && names.has('size:large') && names.has('Start Date')).toBe(true);
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) await walk(file);
        else if (e.name.endsWith('.ts')) {
          // Code only: comments may cite an example.
          const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
          for (const name of names) {
            const re = new RegExp(`(^|[^A-Za-z0-9_-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`);
            if (re.test(code)) offenders.push(`${path.relative(projectRoot, file)}: ${name}`);
          }
        }
      }
    };
    await walk(path.join(projectRoot, 'src'));
    expect(offenders).toEqual([]);
  });
});
