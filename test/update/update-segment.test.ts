// A segment's deck (`build --per region:europe`) is refreshed from that segment's aggregates of the new
// wave, not from the whole survey's: with the same data nothing changes, with the whole survey's
// figures it would.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { runCli, tempDir } from '../helpers.js';
import { readDeck } from './helpers.js';

const dir = tempDir('sd-update-segment-');
const dataFile = path.join(dir, 'aggregates.json');
const outDir = path.join(dir, 'out');
const deck = path.join(outDir, 'executive-briefing.region-europe.en.pptx');
const PICTURES: Record<string, unknown> = { charts: 'picture' };

beforeAll(async () => {
  const aggregated = await runCli(['aggregate', '--per', 'region', '--out', dataFile]);
  expect(aggregated.code, aggregated.stderr).toBe(0);
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
  });
});
