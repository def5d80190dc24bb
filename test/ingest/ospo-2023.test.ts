// The 2023 OSPO survey: a raw SurveyMonkey export with no reference model, read through
// data/ospo-2023/survey.yaml. Every figure checked here is recounted from the CSV by the small code
// in this file (csv-parse and a loop), not by src/ingest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Aggregates } from '../../src/ir.js';
import { aggregateSurvey, serializeAggregates, specSha256 } from '../../src/ingest/index.js';
import { projectRoot, sharedData } from './helpers.js';

const specFile = path.join(projectRoot, 'data/ospo-2023/survey.yaml');
const rows = parse(readFileSync(path.join(sharedData, 'ospo-survey-2023/raw.csv')), { bom: true, relax_column_count: true }) as string[][];
const [ids, , labels] = rows;
const data = rows.slice(3);
/** Column indexes of question `q` (its id on the first, blanks after it). */
const columnsOf = (q: string) => {
  const out: number[] = [];
  let owner = '';
  ids.forEach((id, c) => {
    owner = id.trim() || owner;
    if (owner === q) out.push(c);
  });
  return out;
};
const valuesOf = (row: string[], q: string) => columnsOf(q).map((c) => row[c].trim()).filter((v) => v !== '');
const isOspo = (row: string[]) => valuesOf(row, 'q9').some((v) => v === '1' || v === '2');

let aggregates: Aggregates;
beforeAll(async () => {
  ({ aggregates } = await aggregateSurvey({ specFile, inputDir: sharedData }));
});

describe('2023 OSPO survey (no reference model)', () => {
  it('keeps every row (the screener removes none) and counts q9 as the CSV does', () => {
    expect(aggregates.survey.respondents).toBe(data.length);
    const q9 = new Map<string, number>();
    for (const r of data) for (const v of valuesOf(r, 'q9')) q9.set(v, (q9.get(v) ?? 0) + 1);
    expect(aggregates.questions.q9.options.map((o) => [o.code, o.count])).toEqual(['1', '2', '3', '4'].map((c) => [c, q9.get(c) ?? 0]));
    const answered = data.filter((r) => valuesOf(r, 'q9').length > 0).length;
    expect(aggregates.findings.ospoShare).toMatchObject({ count: (q9.get('1') ?? 0) + (q9.get('2') ?? 0), base: { n: answered, asked: data.length } });
  });

  it('asks the OSPO pages only of respondents with an OSPO (q50 security role)', () => {
    const ospo = data.filter(isOspo);
    const answered = ospo.filter((r) => valuesOf(r, 'q50').length > 0);
    const dontKnow = answered.filter((r) => valuesOf(r, 'q50').every((v) => v === '0')).length;
    const yes = answered.filter((r) => valuesOf(r, 'q50').some((v) => v === '1' || v === '2')).length;
    expect(aggregates.questions.q50.base).toMatchObject({ asked: ospo.length, n: answered.length - dontKnow, excluded: { count: dontKnow } });
    expect(aggregates.findings.securityRole).toMatchObject({ count: yes, base: { n: answered.length - dontKnow } });
  });

  it('counts a multi-select question per option (q20, OSPOs)', () => {
    const cols = columnsOf('q20');
    const q20 = aggregates.questions.q20;
    for (const c of cols) {
      const label = labels[c].trim();
      const option = q20.options.find((o) => o.label === label);
      if (!option) continue; // the free "Other" text column
      const chosen = data.filter((r) => isOspo(r) && r[c].trim() !== '').length;
      expect(option.count, label).toBe(chosen);
    }
    expect(q20.kind).toBe('multi');
  });

  it('counts each grid row by level (q8 row 1, "Row - Level" columns)', () => {
    const cols = columnsOf('q8').filter((c) => labels[c].startsWith('Use of open source code in products (dependencies) - '));
    expect(cols).toHaveLength(3);
    const item = aggregates.questions.q8.items![0];
    const counts = cols.map((c) => data.filter((r) => r[c].trim() !== '').length);
    expect(item.levels.map((l) => l.count)).toEqual(counts);
    expect(aggregates.questions.q8.scale).toEqual(['Yes', 'No', "Don't know or not sure"]);
  });

  it('counts a multi-level grid row once per level ticked (q47: free and paid versions of each code host)', () => {
    const q47 = aggregates.questions.q47;
    expect(q47.multiLevel).toBe(true);
    for (const item of q47.items!) {
      const cols = columnsOf('q47').filter((c) => labels[c].startsWith(`${item.label} - `));
      const counts = q47.scale!.map((level) => {
        const c = cols.find((col) => labels[col] === `${item.label} - ${level}`)!;
        return data.filter((r) => r[c].trim() !== '').length;
      });
      expect(item.levels.map((l) => l.count), item.label).toEqual(counts);
      // A respondent ticking free and paid is one respondent of the row's base, and in both level counts.
      const answered = data.filter((r) => cols.some((c) => r[c].trim() !== '')).length;
      expect(item.base.n + (item.base.excluded?.count ?? 0), item.label).toBe(answered);
      expect(item.levels[0].share + item.levels[1].share).toBeGreaterThan(0);
    }
  });

  it('quotes no open answer where the spec says so (verbatims: show: false), and still counts them (q1i9)', () => {
    // The spec turns quoting off: some answers are in scripts the English deck's font cannot draw,
    // and none was reviewed for personal details (survey.yaml, verbatims).
    const c = columnsOf('q1i9')[0];
    const written = data.map((r) => r[c].trim()).filter(Boolean);
    expect(written.length).toBeGreaterThan(10);
    expect(aggregates.questions.q1i9.verbatims ?? []).toEqual([]);
    expect(aggregates.questions.q1i9.textAnswers).toBe(written.length);
  });

  it('carries the declared scale polarity and neutral point (q23)', () => {
    expect(aggregates.questions.q23).toMatchObject({ polarity: 'ascending', neutral: '3', ordinal: true });
    expect(aggregates.questions.q23.options.find((o) => o.code === '0')!.nonAnswer).toBe('dontKnow');
  });

  it('regenerates data/ospo-2023/aggregates.json byte for byte', () => {
    // The file names the spec it was computed from and the hash of its bytes (a build warns when it changes).
    const specFile = path.join(projectRoot, 'data/ospo-2023/survey.yaml');
    const outFile = path.join(projectRoot, 'data/ospo-2023/aggregates.json');
    expect(serializeAggregates(aggregates, { specFile, specSha256: specSha256(specFile), outFile })).toBe(readFileSync(outFile, 'utf8'));
  });
});
