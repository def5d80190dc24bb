// A weighted survey's deck tells people, not sums of weights: each base prints the respondents counted
// ("n = 4"), then that it is weighted and its effective n (Kish); "x were asked" counts people; small
// bases print shares (a weighted count is no number of people); the methodology says shares are weighted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, slideRuns, tempDir } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

/** The visible text of each slide, runs joined. */
const slideTexts = (file: string) => slideRuns(file).map((runs) => runs.join(' '));

describe('a weighted survey in a deck', () => {
  it('bases name the respondents and the effective n; no weighted sum or count is printed as people', async () => {
    const dir = tempDir();
    const aggregates = path.join(dir, 'aggregates.json');
    const made = await runCli(['aggregate', '--spec', path.join(fixtures, 'formats', 'qualtrics-numeric.yaml'), '--out', aggregates]);
    expect(made.code, made.stderr).toBe(0);
    const data = JSON.parse(readFileSync(aggregates, 'utf8'));
    // Weights 1, 2, 0.5 (don't know), 1.5, 1: Σw = 5.5 over the 4 who answered more than "don't know".
    expect(data.questions.sat.base).toMatchObject({ unweightedN: 4, unweightedAsked: 5 });
    expect(data.questions.sat.base.n).toBeCloseTo(5.5, 10);

    const out = tempDir();
    const built = await runCli(['build', '-a', 'full-results', '-l', 'en,de', '--data', aggregates, '--out', out, '--cache', tempDir(), '--charts', 'picture']);
    expect(built.code, built.stderr).toBe(0);
    const slides = slideTexts(path.join(out, 'full-results.en.pptx'));
    const sat = slides.find((s) => s.includes('How satisfied are you with the product?'))!;
    // effective n = 5.5² / 8.25 = 3.67, printed whole
    expect(sat).toContain("(n = 4), excl. don't know, 8%, weighted, effective n = 4; 5 were asked.");
    expect(sat).not.toMatch(/\b\d+ of \d+\b/); // shares, not "2 of 4" (a base under showCounts, unweighted, prints counts)
    for (const s of slides) expect(s).not.toMatch(/n = \d+\.\d/); // no sum of weights as a base
    expect(slides.at(-1)).toContain('Shares are weighted');
    const de = slideTexts(path.join(out, 'full-results.de.pptx'));
    expect(de.find((s) => s.includes('gewichtet, effektives n = 4'))).toBeDefined();
    expect(de.at(-1)).toContain('Die Anteile sind gewichtet');
  });

  it('an unweighted survey says nothing of weights', async () => {
    const dir = tempDir();
    const aggregates = path.join(dir, 'aggregates.json');
    expect((await runCli(['aggregate', '--spec', path.join(fixtures, 'formats', 'qualtrics-text.yaml'), '--out', aggregates])).code).toBe(0);
    const out = tempDir();
    expect((await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', aggregates, '--out', out, '--cache', tempDir(), '--charts', 'picture'])).code).toBe(0);
    const slides = slideTexts(path.join(out, 'full-results.en.pptx'));
    for (const s of slides) expect(s).not.toMatch(/weighted/i);
    expect(slides.find((s) => s.includes('How satisfied are you with the product?'))).toMatch(/\(n = 4\).*5 were asked\./);
  });
});
