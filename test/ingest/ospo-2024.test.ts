// The 2024 OSPO survey: the published report's figures, computed from the raw export alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Aggregates, Finding } from '../../src/ir.js';
import { aggregateSurvey, serializeAggregates, specSha256 } from '../../src/ingest/index.js';
import { loadReferenceModel } from '../../src/ingest/reference-model.js';
import { aggregatesSchema } from '../../src/load/aggregates-schema.js';
import { ospo2024, percentHalfUp, projectRoot } from './helpers.js';

let aggregates: Aggregates;
let diagnostics: unknown[];

beforeAll(async () => {
  ({ aggregates, diagnostics } = await aggregateSurvey(ospo2024));
});

const finding = (id: string): Finding => {
  const f = aggregates.findings[id];
  expect(f, `finding ${id}`).toBeDefined();
  return f;
};

describe('2024 OSPO survey aggregates', () => {
  it('has no diagnostics and passes the aggregates schema', () => {
    expect(diagnostics).toEqual([]);
    expect(aggregatesSchema.safeParse(aggregates).success).toBe(true);
  });

  it('counts 222 respondents: 100 with an OSPO, 26 planning, 96 without', () => {
    expect(aggregates.survey.respondents).toBe(222);
    expect(aggregates.segments.ospo.map((s) => [s.id, s.n])).toEqual([
      ['ospo:has', 100],
      ['ospo:planning', 26],
      ['ospo:none', 96],
    ]);
    const q12 = aggregates.questions.q12;
    expect(q12.options.map((o) => [o.code, o.count])).toEqual([
      ['1', 58],
      ['2', 42],
      ['3', 26],
      ['4', 96],
      // The screener's disqualifying "Don't know" stays in the aggregates at 0 (the report prints it).
      ['0', 0],
    ]);
    expect(q12.options.at(-1)).toMatchObject({ nonAnswer: 'dontKnow', share: 0 });
  });

  it('84% of OSPOs are involved in managing GenAI infrastructure (q20 codes 2,3,4; "Don\'t know" out of the base)', () => {
    const f = finding('genaiInvolved');
    expect(f.codes).toEqual(['2', '3', '4']);
    expect([f.count, f.base.n, f.base.asked]).toEqual([76, 91, 100]);
    expect(f.base.population).toBe('ospo');
    expect(f.base.includesDontKnow).toBe(false);
    expect(percentHalfUp(f.share)).toBe(84);
  });

  it('80% say the OSPO has a meaningful impact on working with communities (q36 item 5, moderately to extremely)', () => {
    const f = finding('collaborationImpact');
    expect([f.item, f.codes]).toEqual(['5', ['3', '4', '5']]);
    expect([f.count, f.base.n, f.base.asked]).toEqual([78, 97, 100]);
    expect(percentHalfUp(f.share)).toBe(80);
  });

  it('77% of large and 19% of small organizations have an OSPO', () => {
    const large = finding('ospoLarge');
    const small = finding('ospoSmall');
    expect([large.segment, large.count, large.base.n]).toEqual(['size:large', 49, 64]);
    expect([small.segment, small.count, small.base.n]).toEqual(['size:small', 12, 64]);
    expect(percentHalfUp(large.share)).toBe(77);
    expect(percentHalfUp(small.share)).toBe(19); // 18.75: half-up, not truncated
  });

  it('stores what the data gives for the OSPO security role, and the published 91% beside it', () => {
    const f = finding('securityRole');
    expect([f.count, f.base.n, f.base.asked]).toEqual([88, 98, 100]);
    expect(percentHalfUp(f.share)).toBe(90);
    expect(f.published?.share).toBe(0.91);
    expect(f.published?.note).toMatch(/91%/);
  });

  it('gives every question of the reference model a kind; open text has textAnswers and no options', async () => {
    const model = await loadReferenceModel(ospo2024.modelFile);
    expect(Object.keys(aggregates.questions)).toEqual(model.questions.map((q) => q.id));
    for (const q of Object.values(aggregates.questions)) {
      expect(['single', 'multi', 'grid', 'numeric', 'text']).toContain(q.kind);
      if (q.kind === 'text') {
        expect(q.options).toEqual([]);
        expect(q.textAnswers).toBeTypeOf('number');
      }
    }
    expect(aggregates.questions.q17).toMatchObject({ kind: 'text', textAnswers: 28, base: { asked: 37 } });
    expect(aggregates.questions.q21.kind).toBe('multi');
    expect(aggregates.questions.q36.kind).toBe('grid');
  });

  it('gives grid rows their own bases and the scale in order', () => {
    const q36 = aggregates.questions.q36;
    expect(q36.scale).toEqual(['Not impactful at All', 'Slightly impactful', 'Moderately impactful', 'Very impactful', 'Extremely impactful', "Don't know or not sure"]);
    const item5 = q36.items!.find((i) => i.code === '5')!;
    // One base per figure: the chart's row and the finding on it both leave the 3 "Don't know" out.
    expect(item5.base.n).toBe(97);
    expect(item5.base.excluded).toEqual({ count: 3, share: 0.03 });
    expect(item5.levels.map((l) => l.count)).toEqual([4, 15, 29, 30, 19, 3]);
    expect(item5.levels.map((l) => l.nonAnswer ?? null)).toEqual([null, null, null, null, null, 'dontKnow']);
    expect(item5.base.n).toBe(aggregates.findings.collaborationImpact.base.n);
    // Show logic: q22 only for OSPOs whose responsibilities include advising (q21 code 1).
    expect(aggregates.questions.q22.base.asked).toBe(39);
  });

  it('crosstabs every single and multi question by size, region and OSPO status', () => {
    for (const q of Object.values(aggregates.questions)) {
      if (q.kind !== 'single' && q.kind !== 'multi') continue;
      expect(Object.keys(q.crosstabs ?? {}), q.id).toEqual(['size', 'region', 'ospo']);
    }
    const bySize = aggregates.questions.q12.crosstabs!.size;
    expect(bySize.map((s) => s.base.n)).toEqual([64, 26, 28, 38, 64]);
  });

  it('keeps short titles within 90 characters for every question longer than that', () => {
    for (const q of Object.values(aggregates.questions)) {
      if (q.text.length > 90) expect(q.shortText, q.id).toBeDefined();
      if (q.shortText) expect(q.shortText.length).toBeLessThanOrEqual(90);
    }
  });

  it('uses one base for a question and the findings on it, and names what it leaves out (q20: 9 of 100)', () => {
    const q20 = aggregates.questions.q20;
    const f = aggregates.findings.genaiInvolved;
    expect(q20.base.n).toBe(f.base.n);
    expect(q20.base.excluded).toEqual({ count: 9, share: 0.09 });
    const drawn = q20.options.filter((o) => o.nonAnswer !== 'dontKnow');
    expect(drawn.reduce((s, o) => s + o.share, 0)).toBeCloseTo(1, 12);
    expect(f.codes.reduce((s, c) => s + q20.options.find((o) => o.code === c)!.share, 0)).toBeCloseTo(f.share, 12);
  });

  it('marks non-answers at ingest and keeps every option, even those nobody chose', () => {
    const q3 = aggregates.questions.q3;
    expect(q3.options.find((o) => o.code === 'other')!.nonAnswer).toBe('other');
    // q2 screens out bots: only "I am a real person" survives, the other options stay at 0.
    expect(aggregates.questions.q2.options.map((o) => o.count).sort()).toEqual([0, 0, 0, 0, 222]);
  });

  it('matches 2023 questions for trends, with 2023 ids and bases', () => {
    const trend = aggregates.questions.q16.trend!;
    expect(trend).toMatchObject({ year: 2023, questionId: 'q50', base: { population: 'ospo', n: 203, asked: 314, excluded: { count: 19 } } });
    expect(trend.options.map((o) => [o.code, o.count])).toEqual([
      ['1', 140],
      ['2', 48],
      ['3', 15],
      ['0', 19],
    ]);
    // 2023 coded "Don't know" 9 at the OSPO location question; it is 0 in 2024.
    expect(aggregates.questions.q13.trend!.options.find((o) => o.code === '0')!.count).toBe(14);
  });

  it('regenerates data/ospo-2024/aggregates.json byte for byte', async () => {
    const committed = await readFile(path.join(projectRoot, 'data/ospo-2024/aggregates.json'), 'utf8');
    const specFile = path.join(projectRoot, 'data/ospo-2024/survey.yaml');
    const outFile = path.join(projectRoot, 'data/ospo-2024/aggregates.json');
    expect(serializeAggregates(aggregates, { specFile, specSha256: specSha256(specFile), outFile }) === committed).toBe(true);
  });

  it('cites the source and licence', () => {
    expect(aggregates.source).toMatchObject({
      title: 'State of OSPOs and Open Source Management 2024',
      license: 'CC BY-SA 4.0',
      licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
      dataUrl: 'https://github.com/todogroup/osposurvey',
    });
  });
});
