// A CSV's delimiter when it is not ",": Excel writes ";" where the comma is the decimal mark. And a
// weight written with a decimal comma.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../src/ingest/records.js';
import { decimalNumber } from '../../src/ingest/scan.js';
import { tempDir } from '../helpers.js';
import { aggregateSurvey } from '../../src/ingest/index.js';

const file = (text: string) => {
  const f = path.join(tempDir(), 'export.csv');
  writeFileSync(f, text);
  return f;
};

describe('sniffDelimiter', () => {
  it('finds ";" and tab, the same number of times on every line, outside quotes', () => {
    expect(sniffDelimiter(file('a;b;c\n1;"x;y";3\n4;5;6\n'))).toBe(';');
    expect(sniffDelimiter(file('\uFEFFa;b, c;d\r\n1;2,5;3\r\n'))).toBe(';'); // decimal commas and a comma in a header
    expect(sniffDelimiter(file('a\tb\tc\n1\t2\t3\n'))).toBe('\t');
    expect(sniffDelimiter(file('a;b;c'))).toBe(';'); // one line
  });

  it('leaves a comma file (and anything unclear) to the default', () => {
    expect(sniffDelimiter(file('a,b,c\n1,"x;y;z;w",3\n4,5,6\n'))).toBeUndefined();
    expect(sniffDelimiter(file('a,b;c,d\n1,2;3,4\n'))).toBeUndefined(); // a tie: the comma
    expect(sniffDelimiter(file('q1,q2\nA;B;,C\nA,C\n'))).toBeUndefined(); // Microsoft Forms' "A;B;" unquoted
    expect(sniffDelimiter(file('single column\nyes\nno\n'))).toBeUndefined();
    expect(sniffDelimiter(path.join(tempDir(), 'missing.csv'))).toBeUndefined();
  });
});

describe('decimalNumber', () => {
  it('reads a decimal point or a decimal comma, and refuses what could be a thousands separator', () => {
    expect(decimalNumber('1.13')).toBe(1.13);
    expect(decimalNumber('1,13')).toBe(1.13);
    expect(decimalNumber('0,130')).toBe(0.13);
    expect(decimalNumber('2')).toBe(2);
    expect(decimalNumber('1,130')).toBeNaN();
    expect(decimalNumber('')).toBeNaN();
    expect(decimalNumber('heavy')).toBeNaN();
    expect(decimalNumber('-2,5')).toBe(-2.5);
  });
});

describe('a ";" export through aggregate', () => {
  const spec = () =>
    [
      'version: 2',
      'survey: { id: semi, title: Semi, year: 2025 }',
      'source: { publisher: p, title: t, license: CC0-1.0, licenseUrl: https://example.org/l, dataUrl: https://example.org/d, attribution: a }',
      `input: { format: tidy, file: export.csv, values: labels, weight: Gewicht }`,
      'questions:',
      '  git: { column: "Nutzen Sie Git?", kind: single, options: [{ code: 1, label: "Ja" }, { code: 2, label: "Nein" }] }',
      '  hours: { column: "Stunden", kind: numeric }',
      'populations: { all: { description: respondents, sections: [] } }',
      'base: { nonAnswers: exclude }',
      '',
    ].join('\n');

  it('reads the delimiter the spec does not name, decimal commas in weights and numbers', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), 'Zeit;Nutzen Sie Git?;Stunden;Gewicht\n01.03.2025;Ja;1,5;1,25\n02.03.2025;Nein;2;0,75\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec());
    const { aggregates } = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') });
    expect(aggregates.questions.git.base).toMatchObject({ n: 2, unweightedN: 2 });
    expect(aggregates.questions.git.options[0].share).toBeCloseTo(1.25 / 2, 10);
    expect(aggregates.questions.hours.numeric).toMatchObject({ min: 1.5, max: 2 });
  });

  it('refuses "1,130" as a weight, asking which it is', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), 'Zeit;Nutzen Sie Git?;Stunden;Gewicht\n01.03.2025;Ja;1;1,130\n');
    writeFileSync(path.join(dir, 'survey.yaml'), spec());
    const e = await aggregateSurvey({ specFile: path.join(dir, 'survey.yaml') }).catch((x) => x);
    expect(String(e.diagnostics?.[0]?.message)).toMatch(/Expected a weight .* got `1,130` \(a thousands separator or a decimal comma\? write 1130 or 1\.13\)/);
  });
});
