// The spec's `shortLabels` of a grid name its rows (a grid's levels are its chart's legend): they land
// on the rows in the aggregates, never on a level with the same code, and a code that is no row is a
// spec error naming the rows.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateSurvey } from '../../src/ingest/index.js';
import { tempDir } from '../helpers.js';
import { diagnosticsOf, fixtures } from './helpers.js';

const dir = path.join(fixtures, 'formats');

/** The surveymonkey fixture with `shortLabels` added to its grid `prio` (rows 1, 2; levels 1, 2, 3, 9). */
function specWith(shortLabels: string): string {
  const out = tempDir('sd-grid-short-');
  copyFileSync(path.join(dir, 'surveymonkey-expanded.csv'), path.join(out, 'surveymonkey-expanded.csv'));
  const spec = readFileSync(path.join(dir, 'surveymonkey-expanded.yaml'), 'utf8');
  const marked = spec.replace(/(\n  prio:\n)/, `$1    shortLabels: ${shortLabels}\n`);
  expect(marked).not.toBe(spec);
  writeFileSync(path.join(out, 'spec.yaml'), marked);
  return path.join(out, 'spec.yaml');
}

describe('short labels of grid rows', () => {
  it('land on the row they name, not on the level that shares its code', async () => {
    const { aggregates } = await aggregateSurvey({ specFile: specWith('{ "2": "Qual." }') });
    const prio = aggregates.questions.prio;
    expect(prio.items!.map((i) => [i.code, i.shortLabel])).toEqual([
      ['1', undefined],
      ['2', 'Qual.'],
    ]);
    expect(prio.items!.flatMap((i) => i.levels).some((l) => l.code === '2')).toBe(true);
    expect(prio.items!.flatMap((i) => i.levels).filter((l) => l.shortLabel !== undefined)).toEqual([]);
  });

  it('name rows only: another code is a spec error listing the rows', async () => {
    const diagnostics = await diagnosticsOf(aggregateSurvey({ specFile: specWith('{ "7": "Seven" }') }));
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/questions\.prio\.shortLabels: .*no row 7 \(rows: 1, 2\)/);
  });
});
