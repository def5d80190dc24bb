// NPS and numeric questions cut by segment: each segment's score, mean and median are counted from its
// own respondents, a `segments` claim compares two segments' NPS groups or buckets, and a segment's
// deck suppresses the figures of a segment under the spec's threshold.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { evaluateClaims } from '../../src/bind/claims.js';
import { suppressSmallCells } from '../../src/scale/suppress.js';
import type { SegmentStat } from '../../src/ir.js';
import { KINDS_SPEC_HEAD } from '../helpers.js';

// Ten respondents, written by hand: organization size, how likely to recommend (0–10), age.
const rows = [
  ['Small', 10, 25], ['Small', 9, 31], ['Small', 9, 40], ['Small', 7, 22], ['Small', 3, 58], ['Small', 0, 33],
  ['Large', 10, 45], ['Large', 6, 52], ['Large', 5, 61], ['Large', 8, 38],
] as const;
const csv = ['id,size,recommend,age', ...rows.map((r, i) => `r${i + 1},${r.join(',')}`)].join('\n') + '\n';

const SPEC = `input: { format: tidy, file: export.csv }
questions:
  size: { kind: single, options: [{ code: 1, label: Small }, { code: 2, label: Large }] }
  recommend: { kind: nps }
  age: { kind: numeric, buckets: [{ label: "under 35", max: 34 }, { label: "35 to 49", min: 35, max: 49 }, { label: "50 and over", min: 50 }] }
segments:
  size:
    question: size
    segments:
      - { id: small, label: Small organizations, phrase: at small organizations, codes: [1] }
      - { id: large, label: Large organizations, phrase: at large organizations, codes: [2] }
crosstabs: [size]
claims:
  npsBySize: { kind: segments, question: recommend, segments: ["size:small", "size:large"] }
  ageBySize: { kind: segments, question: age, segments: ["size:small", "size:large"] }
`;

/** The NPS of a list of 0–10 answers, by the definition: % promoters (9–10) − % detractors (0–6). */
function nps(scores: number[]): number {
  return ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / scores.length) * 100;
}
function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

async function aggregate() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'seg-kinds-'));
  await writeFile(path.join(dir, 'export.csv'), csv);
  await writeFile(path.join(dir, 'survey.yaml'), KINDS_SPEC_HEAD + SPEC);
  return aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
}

const of = (stats: SegmentStat[] | undefined, id: string) => stats!.find((s) => s.segment === id)!;

describe('NPS and numeric questions by segment', () => {
  it('each segment gets its own NPS, mean and median, from its own respondents', async () => {
    const { aggregates, diagnostics } = await aggregate();
    expect(diagnostics).toEqual([]);
    for (const [id, label] of [['size:small', 'Small'], ['size:large', 'Large']] as const) {
      const mine = rows.filter((r) => r[0] === label);
      const rec = of(aggregates.questions.recommend.crosstabs?.size, id);
      expect(rec.base.n).toBe(mine.length);
      expect(rec.nps!.score).toBeCloseTo(nps(mine.map((r) => r[1])), 10);
      expect(rec.options.map((o) => [o.code, o.count])).toEqual([
        ['detractors', mine.filter((r) => r[1] <= 6).length],
        ['passives', mine.filter((r) => r[1] === 7 || r[1] === 8).length],
        ['promoters', mine.filter((r) => r[1] >= 9).length],
      ]);
      const age = of(aggregates.questions.age.crosstabs?.size, id);
      const ages = mine.map((r) => r[2]);
      expect(age.numeric!.mean).toBeCloseTo(ages.reduce((a, b) => a + b, 0) / ages.length, 10);
      expect(age.numeric!.median).toBe(median(ages));
      expect([age.numeric!.min, age.numeric!.max]).toEqual([Math.min(...ages), Math.max(...ages)]);
      // The segment's bars are the question's buckets, counted in the segment.
      expect(age.options.map((o) => o.count)).toEqual([ages.filter((a) => a <= 34).length, ages.filter((a) => a >= 35 && a <= 49).length, ages.filter((a) => a >= 50).length]);
    }
    // The segments add up to the whole.
    const whole = aggregates.questions.recommend.nps!;
    const segs = aggregates.questions.recommend.crosstabs!.size;
    expect(segs.reduce((sum, s) => sum + s.nps!.promoters.count, 0)).toBe(whole.promoters.count);
  });

  it('a segments claim compares two segments on an NPS or numeric question, answer by answer', async () => {
    const { aggregates } = await aggregate();
    const claims = evaluateClaims(aggregates);
    for (const name of ['npsBySize', 'ageBySize']) {
      const c = claims.get(name)!;
      expect(c, name).toBeDefined();
      expect(['differ', 'level']).toContain(c.outcome);
      // One test per answer (NPS group or bucket), Holm-adjusted.
      const q = aggregates.questions[name === 'npsBySize' ? 'recommend' : 'age'];
      expect((c.perAnswer ?? []).map((a) => a.code).sort()).toEqual(q.options.map((o) => o.code).sort());
    }
  });

  it("a segment under the deck's threshold has its NPS and mean suppressed, as its shares are", async () => {
    const { aggregates } = await aggregate();
    // Large has 4 respondents, small 6: a threshold of 5 hides large only.
    const hidden = suppressSmallCells(aggregates, 5);
    const large = of(hidden.questions.recommend.crosstabs?.size, 'size:large');
    const small = of(hidden.questions.recommend.crosstabs?.size, 'size:small');
    expect(Number.isNaN(large.nps!.score)).toBe(true);
    expect(large.options.every((o) => Number.isNaN(o.share))).toBe(true);
    expect(small.nps!.score).toBe(of(aggregates.questions.recommend.crosstabs?.size, 'size:small').nps!.score);
    const largeAge = of(hidden.questions.age.crosstabs?.size, 'size:large');
    expect([largeAge.numeric!.mean, largeAge.numeric!.median].every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(of(hidden.questions.age.crosstabs?.size, 'size:small').numeric!.mean)).toBe(false);
  });
});
