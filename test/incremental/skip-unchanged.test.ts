// Incremental builds, end to end: a deck is skipped while its inputs and bytes are those of its
// record, and an edit rebuilds exactly the decks that read what was edited. Two sets share one
// output folder: harbor decks from data file A, an ember deck from data file B.
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { buildDecks, type BuildOptions } from '../../src/pipeline.js';
import { recordFileFor, sha256 } from '../../src/incremental/deck-record.js';
import { memoStats } from '../../src/incremental/memo-check.js';
import { deflateStats } from '../../src/assemble/deflate-cache.js';
import { keptMeasuresStats } from '../../src/fonts/measure.js';
import { keptBindStats } from '../../src/incremental/kept-binds.js';
import { AGGREGATES, copySurveyTexts, copyTemplates, runCli, tempDir } from '../helpers.js';

const templatesDir = copyTemplates();
const dataA = path.join(copySurveyTexts(tempDir('sd-data-')), 'a.json');
const dataB = path.join(copySurveyTexts(tempDir('sd-data-')), 'b.json');
const outDir = tempDir('sd-incremental-out-');
const cacheDir = tempDir('sd-incremental-cache-');

const HARBOR: BuildOptions = { audiences: ['executive-briefing', 'conference-talk'], locales: ['en', 'de'], dataFile: dataA };
const EMBER: BuildOptions = { audiences: ['executive-briefing'], locales: ['en'], brand: 'ember', dataFile: dataB };

async function build(set: BuildOptions, extra: BuildOptions = {}) {
  const result = await buildDecks({ ...set, ...extra, templatesDir, outDir, cacheDir });
  const names = (decks: { file: string }[]) => decks.map((d) => path.basename(d.file)).sort();
  return { written: names(result.decks), skipped: names(result.skipped), result };
}

/** Every deck in the output folder: bytes and modification time. */
function snapshot(): Map<string, { bytes: Buffer; mtimeMs: number }> {
  return new Map(
    readdirSync(outDir)
      .filter((f) => f.endsWith('.pptx'))
      .map((f) => [f, { bytes: readFileSync(path.join(outDir, f)), mtimeMs: statSync(path.join(outDir, f)).mtimeMs }]),
  );
}

/** A deck's build record (what it was built from), as the build wrote it. */
function readRecord(deck: string): { inputs: { catalogue: { files: Record<string, string | null>; messages: Record<string, string | null> } } } {
  return JSON.parse(readFileSync(recordFileFor(path.join(outDir, deck)), 'utf8'));
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(file, after);
}

const HARBOR_DECKS = ['conference-talk.de.pptx', 'conference-talk.en.pptx', 'executive-briefing.de.pptx', 'executive-briefing.en.pptx'];
const EMBER_DECK = 'executive-briefing.en.ember.pptx';

beforeAll(async () => {
  copyFileSync(AGGREGATES, dataA);
  copyFileSync(AGGREGATES, dataB);
  expect((await build(HARBOR)).written).toEqual(HARBOR_DECKS);
  expect((await build(EMBER)).written).toEqual([EMBER_DECK]);
}, 300_000);

describe('incremental builds', () => {
  it('skips an unchanged deck, and skipping changes no byte', { timeout: 300_000 }, async () => {
    const before = snapshot();
    const harbor = await build(HARBOR);
    const ember = await build(EMBER);
    expect(harbor.written).toEqual([]);
    expect(harbor.skipped).toEqual(HARBOR_DECKS);
    expect(harbor.result.skipped.every((d) => d.reason === 'unchanged')).toBe(true);
    expect(ember.skipped).toEqual([EMBER_DECK]);
    expect(snapshot()).toEqual(before);
  });

  it('rebuilds exactly the decks that use a changed slide template, to the same bytes when the output is the same', async () => {
    const before = snapshot();
    // kpi-pair is used by the conference talk only; a Handlebars comment changes the file, not the slides.
    edit(path.join(templatesDir, 'slides', 'kpi-pair.hbs'), (t) => `${t}{{!-- edited --}}\n`);
    const harbor = await build(HARBOR);
    expect(harbor.written).toEqual(['conference-talk.de.pptx', 'conference-talk.en.pptx']);
    expect(harbor.result.decks[0].reason).toEqual({ kind: 'file', file: path.join(templatesDir, 'slides', 'kpi-pair.hbs') });
    expect((await build(EMBER)).written).toEqual([]);
    expect(snapshot().get('conference-talk.en.pptx')!.bytes.equals(before.get('conference-talk.en.pptx')!.bytes)).toBe(true);
  });

  it('rebuilds exactly the decks that read a changed catalogue entry', async () => {
    const before = snapshot();
    // A message no deck reads: nothing to rebuild; the skipped decks' records take the file's new hash,
    // so that the survey's own texts are all that changed below.
    const generic = path.join(templatesDir, 'locales', 'de.yaml');
    edit(generic, (t) => `${t}\nunusedByAnyDeck: "nur ein Test"\n`);
    expect((await build(HARBOR)).written).toEqual([]);
    for (const deck of HARBOR_DECKS.filter((d) => d.includes('.de.'))) expect(readRecord(deck).inputs.catalogue.files[generic], deck).toBe(sha256(readFileSync(generic)));
    // highlights.briefingTitle.subtitle of the German catalogue of the survey's own texts: read by the German executive
    // briefing (its manifest names it) and by whichever other German decks their records say read it.
    const german = HARBOR_DECKS.filter((deck) => deck.includes('.de.'));
    const readers = german.filter((deck) => 'highlights.briefingTitle.subtitle' in readRecord(deck).inputs.catalogue.messages);
    expect(readers).toContain('executive-briefing.de.pptx');
    edit(path.join(path.dirname(dataA), 'locales', 'de.yaml'), (t) => t.replace(/^( {2}briefingTitle:\n(?: {4}.*\n)*? {4}subtitle: ")/m, '$1Neu: '));
    const harbor = await build(HARBOR);
    expect(harbor.written).toEqual(readers);
    for (const deck of harbor.result.decks) expect(deck.reason).toEqual({ kind: 'messages', file: path.join(path.dirname(dataA), 'locales', 'de.yaml'), keys: ['highlights.briefingTitle.subtitle'] });
    expect(snapshot().get('executive-briefing.de.pptx')!.bytes.equals(before.get('executive-briefing.de.pptx')!.bytes)).toBe(false);
    expect((await build(EMBER)).written).toEqual([]);
  });

  it('keeps the translation check under --cache: an unchanged build does not check again, and says the same', async () => {
    const first = await build(HARBOR);
    const { hits, misses } = memoStats;
    const second = await build(HARBOR);
    // Two kept checks: the translations, and the spec the aggregates name (read from them once per change).
    expect([memoStats.hits - hits, memoStats.misses - misses]).toEqual([2, 0]);
    expect(second.result.diagnostics).toEqual(first.result.diagnostics);
    // A stale translation is found again once its English changes, though the check was kept.
    const english = path.join(path.dirname(dataA), 'locales', 'en.yaml');
    const original = readFileSync(english, 'utf8');
    edit(english, (t) => t.replace(/^( {2}briefingTitle:\n(?: {4}.*\n)*? {4}subtitle: ")/m, '$1New: '));
    const stale = await build(HARBOR).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(SurveydeckError);
    expect((stale as SurveydeckError).diagnostics.map((d) => [d.code, d.message.includes('highlights.briefingTitle.subtitle')])).toContainEqual(['STALE_TRANSLATION', true]);
    writeFileSync(english, original);
    expect((await build(HARBOR)).written).toEqual([]);
  });

  it('rebuilds exactly the decks of a changed brand', async () => {
    edit(path.join(templatesDir, 'brands', 'ember', 'brand.yaml'), (t) => t.replace('footerText: "surveydeck · Ember"', 'footerText: "surveydeck · Ember 2"'));
    expect((await build(HARBOR)).written).toEqual([]);
    const ember = await build(EMBER);
    expect(ember.written).toEqual([EMBER_DECK]);
    expect(ember.result.decks[0].reason).toEqual({ kind: 'brand' });
  });

  it('rebuilds exactly the decks built from a changed data file', async () => {
    // Same figures, other bytes: the decks are rebuilt (and come out the same).
    const before = snapshot();
    writeFileSync(dataA, JSON.stringify(JSON.parse(readFileSync(dataA, 'utf8'))));
    const harbor = await build(HARBOR);
    expect(harbor.written).toEqual(HARBOR_DECKS);
    expect(harbor.result.decks.map((d) => d.reason)).toEqual(HARBOR_DECKS.map(() => ({ kind: 'file', file: dataA })));
    expect((await build(EMBER)).written).toEqual([]);
    for (const deck of HARBOR_DECKS) expect(snapshot().get(deck)!.bytes.equals(before.get(deck)!.bytes), deck).toBe(true);
  });

  it('rebuilds a deck removed from disk, refuses to overwrite one edited since (DECK_EDITED); --force rebuilds every deck to the same bytes', async () => {
    const before = snapshot();
    const edited = path.join(outDir, 'executive-briefing.en.pptx');
    writeFileSync(edited, 'not the deck');
    rmSync(path.join(outDir, 'conference-talk.de.pptx'));
    const events: string[] = [];
    const refused = await buildDecks({ ...HARBOR, templatesDir, outDir, cacheDir, onDeck: (e) => events.push(`${e.type} ${e.type === 'failed' ? e.diagnostics[0].code : ''}`) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SurveydeckError);
    expect((refused as SurveydeckError).diagnostics.map((d) => [d.code, d.file])).toEqual([['DECK_EDITED', edited]]);
    expect(events.sort()).toEqual(['failed DECK_EDITED', 'skipped ', 'skipped ', 'written ']);
    expect(readFileSync(edited, 'utf8')).toBe('not the deck');
    expect(readFileSync(path.join(outDir, 'conference-talk.de.pptx')).equals(before.get('conference-talk.de.pptx')!.bytes)).toBe(true);
    const cli = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templatesDir, '--data', dataA, '--out', outDir, '--cache', cacheDir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/error DECK_EDITED: the deck was edited since surveydeck wrote it.*surveydeck update/);
    expect(readFileSync(edited, 'utf8')).toBe('not the deck');
    const deflated = deflateStats.computed;
    // Text measures are kept per deck (and, for what is measured outside a deck, such as native charts' labels, shared):
    // a forced build reads the files of the decks it builds, not the others'.
    const measures = readdirSync(path.join(cacheDir, 'fonts', 'measures'));
    expect(measures.filter((f) => f !== 'shared.json')).toHaveLength(HARBOR_DECKS.length + 1);
    const loaded = keptMeasuresStats.loaded;
    // Nothing they are made from changed: each deck's slides are the ones bound by the build that wrote it.
    const keptBinds = keptBindStats.used;
    const forced = await build(HARBOR, { force: true });
    expect(keptBindStats.used - keptBinds).toBe(HARBOR_DECKS.length);
    expect(keptMeasuresStats.loaded - loaded).toBe(HARBOR_DECKS.length + (measures.includes('shared.json') ? 1 : 0));
    expect(forced.written).toEqual(HARBOR_DECKS);
    // The embedded fonts were deflated by the first builds: kept, not deflated again (and kept under --cache).
    expect(deflateStats.computed).toBe(deflated);
    expect(deflateStats.fromProcess).toBeGreaterThanOrEqual(HARBOR_DECKS.length);
    expect(readdirSync(path.join(cacheDir, 'parts')).length).toBeGreaterThan(0);
    expect(forced.result.decks.every((d) => d.reason?.kind === 'forced')).toBe(true);
    const after = snapshot();
    for (const deck of HARBOR_DECKS) expect(after.get(deck)!.bytes.equals(before.get(deck)!.bytes), deck).toBe(true);
  });
});

describe('kept checks', () => {
  it('the claim-word lint is kept only while it passes: an ungoverned word fails every build until it is fixed', async () => {
    const english = path.join(path.dirname(dataA), 'locales', 'en.yaml');
    const before = readFileSync(english, 'utf8');
    // English only: an edited English message makes the German one stale, a check of its own.
    const ENGLISH: BuildOptions = { ...HARBOR, locales: ['en'] };
    const englishDecks = HARBOR_DECKS.filter((d) => d.includes('.en.'));
    expect((await build(ENGLISH)).skipped).toEqual(englishDecks);
    edit(english, (t) => t.replace('title: "Challenges OSPOs face frequently"', 'title: "Budget and people top the list"'));
    try {
      for (let i = 0; i < 2; i++) {
        const failed = await build(ENGLISH).catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(SurveydeckError);
        expect((failed as SurveydeckError).diagnostics.map((d) => d.code)).toContain('CLAIM_UNGOVERNED');
      }
    } finally {
      writeFileSync(english, before);
    }
    expect((await build(ENGLISH)).skipped).toEqual(englishDecks);
  });
});

describe('kept binds', () => {
  it('a deck whose message changed is bound again, never taken from the kept slides', async () => {
    const english = path.join(path.dirname(dataA), 'locales', 'en.yaml');
    const ENGLISH: BuildOptions = { ...HARBOR, audiences: ['executive-briefing'], locales: ['en'] };
    const deck = 'executive-briefing.en.pptx';
    expect((await build(ENGLISH, { force: true })).written).toEqual([deck]);
    const before = readFileSync(english, 'utf8');
    edit(english, (t) => t.replace(/^( {2}briefingTitle:\n(?: {4}.*\n)*? {4}subtitle: ")/m, '$1Kept? '));
    try {
      const keptBinds = keptBindStats.used;
      const rebuilt = await build(ENGLISH, { force: true });
      expect(rebuilt.written).toEqual([deck]);
      expect(keptBindStats.used).toBe(keptBinds);
      expect(Object.values(readRecord(deck).inputs.catalogue.messages).some((m) => m?.startsWith('Kept? '))).toBe(true);
    } finally {
      writeFileSync(english, before);
    }
    expect((await build(ENGLISH)).written).toEqual([deck]);
  });
});

describe('damaged records', () => {
  it('a record damaged inside counts as none: the deck is built again, forced or not', async () => {
    const ENGLISH: BuildOptions = { ...HARBOR, audiences: ['executive-briefing'], locales: ['en'] };
    const deck = 'executive-briefing.en.pptx';
    const recordFile = recordFileFor(path.join(outDir, deck));
    const good = readFileSync(recordFile, 'utf8');
    const record = JSON.parse(good) as { inputs: Record<string, unknown> };
    const before = readFileSync(path.join(outDir, deck));
    try {
      for (const force of [false, true]) {
        // The code as now, the rest of the inputs gone.
        writeFileSync(recordFile, JSON.stringify({ ...record, inputs: { code: record.inputs.code } }));
        const rebuilt = await build(ENGLISH, { force });
        expect(rebuilt.written).toEqual([deck]);
        expect(rebuilt.result.decks[0].reason?.kind).toBe(force ? 'forced' : 'new');
        expect(readFileSync(path.join(outDir, deck)).equals(before)).toBe(true);
      }
    } finally {
      writeFileSync(recordFile, good);
    }
  });
});

describe('build command', () => {
  const argv = ['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templatesDir, '--data', dataA, '--out', outDir, '--cache', cacheDir];

  it('says what it skipped and why, on stderr and in --json', async () => {
    const { code, stdout, stderr } = await runCli([...argv, '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^skipped .*executive-briefing\.en\.pptx {2}unchanged: same inputs and bytes as when it was written$/m);
    expect(stderr).toMatch(/^Skipped 1 deck: all 1 unchanged \(same inputs and bytes as when written; --force rebuilds them\) in \d+\.\d seconds$/m);
    const json = JSON.parse(stdout);
    expect(json.decks).toEqual([]);
    expect(json.skipped).toEqual([expect.objectContaining({ audience: 'executive-briefing', locale: 'en', reason: 'unchanged' })]);
  });

  it('rebuilds with --force and names the reason', async () => {
    const { code, stdout, stderr } = await runCli([...argv, '--force', '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^wrote .*executive-briefing\.en\.pptx .*\(--force\)$/m);
    expect(JSON.parse(stdout).decks[0].reason).toEqual({ kind: 'forced', text: '--force' });
  });
});
