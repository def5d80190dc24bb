// A segment's deck (`build --per region:europe`) is refreshed from that segment's aggregates of the new
// wave, not from the whole survey's: with the same data nothing changes, with the whole survey's
// figures it would.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { AGGREGATES, copySurveyTexts, runCli, tempDir } from '../helpers.js';
import { nextWave, readDeck, writeJson } from './helpers.js';

const dir = copySurveyTexts(tempDir('sd-update-segment-'));
const dataFile = path.join(dir, 'aggregates.json');
const outDir = path.join(dir, 'out');
const deck = path.join(outDir, 'executive-briefing.region-europe.en.pptx');
const PICTURES: Record<string, unknown> = { charts: 'picture' };

beforeAll(async () => {
  // The segment's aggregates differ from the whole survey's (here: the next wave's figures), so a
  // rebuild from the wrong file would change the deck.
  writeJson(dataFile, JSON.parse(readFileSync(AGGREGATES, 'utf8')));
  mkdirSync(path.join(dir, 'segments'));
  writeJson(path.join(dir, 'segments', 'region-europe.json'), nextWave());
  await buildDecks({ ...PICTURES, per: ['region:europe'], audiences: ['executive-briefing'], locales: ['en'], dataFile, outDir });
  expect(existsSync(deck)).toBe(true);
}, 300_000);

describe('update of a segment deck', () => {
  it('records the segment, rebuilds from its aggregates, and so changes no byte with the same data', async () => {
    expect(readDeck(readFileSync(deck)).manifest.identity.segment).toBe('region:europe');
    const out = path.join(dir, 'same.pptx');
    const result = await runCli(['update', deck, '--data', dataFile, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Nothing changed');
    expect(readFileSync(out).equals(readFileSync(deck))).toBe(true);
    // The deck shows the segment's figures (62% GenAI involvement), not the whole survey's (84%).
    expect(readDeck(readFileSync(deck)).slides.find((s) => s.key === 'highlights.genai')!.text.takeaway).toMatch(/^62% /);
  });
});
