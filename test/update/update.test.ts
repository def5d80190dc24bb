// `surveydeck update` without LibreOffice: no change with the same data (same bytes), an unedited deck
// updated equals a fresh build, and every bad input is one line with a code, exit 1, input untouched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_PART, readManifest, type RefreshManifest } from '../../src/assemble/refresh-manifest.js';
import { checkPackage } from '../../src/check/package-check.js';
import { buildDecks } from '../../src/pipeline.js';
import { mergeDeck, readDeckPackage } from '../../src/update/index.js';
import { AGGREGATES, copySurveyTexts, runCli, tempDir } from '../helpers.js';
import { nextWave, readDeck, writeJson } from './helpers.js';

// Chart pictures (the native-chart path has its own tests): a deck's manifest may default to native charts.
const PICTURES: Record<string, unknown> = { charts: 'picture' };

const dir = copySurveyTexts(tempDir('sd-update-'));
const built = path.join(dir, 'built', 'executive-briefing.en.pptx');
const fresh = path.join(dir, 'fresh', 'executive-briefing.en.pptx');
const next = path.join(dir, 'next.json');

beforeAll(async () => {
  await buildDecks({ ...PICTURES, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(built) });
  writeJson(next, nextWave());
  await buildDecks({ ...PICTURES, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(fresh), dataFile: next });
}, 300_000);

/** The built deck with some parts changed, written to a new file. */
function variant(name: string, change: (files: Record<string, Uint8Array>) => void): string {
  const files = unzipSync(readFileSync(built));
  change(files);
  const out: Zippable = {};
  for (const [k, v] of Object.entries(files)) out[k] = v;
  const file = path.join(dir, name);
  writeFileSync(file, zipSync(out));
  return file;
}

function editXml(files: Record<string, Uint8Array>, part: string, change: (xml: string) => string): void {
  const before = strFromU8(files[part]);
  const after = change(before);
  expect(after, `the edit of ${part} changed nothing`).not.toBe(before);
  files[part] = strToU8(after);
}

/** Run update and check the contract of a refusal: exit 1, one line naming the code, nothing written. */
async function refused(deck: string, code: string, data = AGGREGATES): Promise<string> {
  const before = readFileSync(deck);
  const out = path.join(dir, `${path.basename(deck)}.out.pptx`);
  const result = await runCli(['update', deck, '--data', data, '--out', out]);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toContain(`error ${code}: `);
  expect(readFileSync(deck).equals(before)).toBe(true);
  expect(existsSync(out)).toBe(false);
  return result.stderr;
}

describe('update', () => {
  it('with the same data changes no byte of an unedited deck', async () => {
    const out = path.join(dir, 'same.pptx');
    const result = await runCli(['update', built, '--data', AGGREGATES, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(built))).toBe(true);
    expect(result.stderr).toContain('Nothing changed');
  });

  it('writes beside the input by default and never over it', async () => {
    const before = readFileSync(built);
    const result = await runCli(['update', built, '--data', next]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(built).equals(before)).toBe(true);
    expect(existsSync(built.replace(/\.pptx$/, '.updated.pptx'))).toBe(true);
  });

  it('updates in place only when --out names the input', async () => {
    const copy = path.join(dir, 'in-place.pptx');
    writeFileSync(copy, readFileSync(built));
    const result = await runCli(['update', copy, '--data', next, '--out', copy]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(copy).equals(readFileSync(built))).toBe(false);
    expect(readDeck(readFileSync(copy)).slides[2].text.takeaway).toMatch(/^62% /);
  });

  it('checks its command line first: no --data exits 2, a missing deck exits 1 naming it', async () => {
    const usage = await runCli(['update', built]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/data/);
    const missing = await runCli(['update', path.join(dir, 'nope.pptx'), '--data', next]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.pptx: error MISSING_FILE: cannot read the deck/);
  });

  it('gives an unedited deck exactly the text, pictures, notes and manifest of a fresh build from the new data', async () => {
    const out = path.join(dir, 'unedited.pptx');
    const result = await runCli(['update', built, '--data', next, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const got = readDeck(readFileSync(out));
    const want = readDeck(readFileSync(fresh));
    const was = readDeck(readFileSync(built));
    expect(got.slides.map((s) => s.key)).toEqual(want.slides.map((s) => s.key));
    got.slides.forEach((slide, i) => {
      expect(slide.text, slide.key).toEqual(want.slides[i].text);
      expect(slide.notes, slide.key).toBe(want.slides[i].notes);
      for (const box of Object.keys(slide.media)) {
        expect(Buffer.from(got.files[`ppt/media/${slide.media[box]}`]).equals(Buffer.from(want.files[`ppt/media/${want.slides[i].media[box]}`])), `${slide.key}/${box}`).toBe(true);
      }
    });
    expect(got.manifest).toEqual(want.manifest);
    expect(got.slides.map((s) => s.text)).not.toEqual(was.slides.map((s) => s.text));
    expect(checkPackage(readFileSync(out))).toEqual([]);
    const { report } = JSON.parse(result.stdout);
    expect(report.stale).toEqual([]);
    expect(report.sentences).toEqual([]); // the same sentences, other numbers
  });

  it('flags rewritten text quoting a moved figure, and --strict exits 1', async () => {
    const deck = variant('rewritten.pptx', (files) =>
      editXml(files, 'ppt/slides/slide3.xml', (xml) => xml.replace(/(name="sd:highlights\.genai\/takeaway"[\s\S]*?<a:t>)[^<]*/, '$1Our view: 84% of OSPOs already help run AI.')),
    );
    const out = path.join(dir, 'rewritten.out.pptx');
    const loose = await runCli(['update', deck, '--data', next, '--out', out, '--json']);
    expect(loose.code, loose.stderr).toBe(0);
    const { report } = JSON.parse(loose.stdout);
    expect(report.stale).toEqual([
      expect.objectContaining({ slide: 'highlights.genai', box: 'takeaway', edited: 'Our view: 84% of OSPOs already help run AI.', figureChanges: ['84% → 62%'] }),
    ]);
    expect(readDeck(readFileSync(out)).slides[2].text.takeaway).toBe('Our view: 84% of OSPOs already help run AI.');
    const strict = await runCli(['update', deck, '--data', next, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
  });

  it('finds title-only slides by their recorded title or notes once LibreOffice renamed their placeholders', async () => {
    await buildDecks({ ...PICTURES, audiences: ['conference-talk'], locales: ['en'], outDir: path.join(dir, 'highlights.talkTitle') });
    const talk = path.join(dir, 'highlights.talkTitle', 'conference-talk.en.pptx');
    const files = unzipSync(readFileSync(talk));
    let renamed = 0;
    for (const part of Object.keys(files).filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p))) {
      const xml = strFromU8(files[part]);
      // What LibreOffice writes for every placeholder: "PlaceHolder <n>".
      const fixed = xml.replace(/(<p:cNvPr\b[^>]*\sname=")sd:[^"]*\/title"/, (_m, head: string) => `${head}PlaceHolder 1"`);
      if (fixed !== xml) renamed++;
      files[part] = strToU8(fixed);
    }
    const deck = path.join(dir, 'talk-lo.pptx');
    writeFileSync(deck, zipSync(files));
    // Dividers used to be title-only (no name left to go by); their number and progress marker are
    // named shapes now, so every slide keeps its key when LibreOffice renames the placeholders.
    const keyless = readDeck(readFileSync(deck)).slides.filter((s) => !s.key);
    expect(keyless).toEqual([]);
    expect(renamed).toBeGreaterThanOrEqual(20);
    const result = await runCli(['update', deck, '--data', next, '--out', path.join(dir, 'talk-updated.pptx'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { report } = JSON.parse(result.stdout);
    expect(report.addedSlides).toEqual([]);
    expect(report.deletedSlides).toEqual([]);
    expect(report.missing).toEqual([]);
  });

  it('records the outcome of each claim a slide rests on in the deck', () => {
    const adoption = readDeck(readFileSync(built)).manifest.slides.find((s) => s.key === 'highlights.adoption')!;
    expect(adoption.claims).toEqual({ ospoBySize: 'higher' }); // 49 of 64 large against 12 of 64 small
  });

  it('reports a claim whose outcome changed (higher → level) from the two manifests', () => {
    const files = unzipSync(readFileSync(built));
    const found = readManifest(files);
    if (!('manifest' in found)) throw new Error('no manifest');
    const withClaim = (outcome: string): RefreshManifest => ({
      ...found.manifest,
      slides: found.manifest.slides.map((s) => (s.key === 'highlights.adoption' ? { ...s, claims: { sizeGap: outcome } } : s)),
    });
    const { report } = mergeDeck(files, withClaim('higher'), unzipSync(readFileSync(built)), withClaim('level'));
    expect(report.claims).toEqual([{ slide: 'highlights.adoption', claim: 'sizeGap', old: 'higher', new: 'level' }]);
    expect(mergeDeck(files, withClaim('higher'), unzipSync(readFileSync(built)), withClaim('higher')).report.claims).toEqual([]);
  });

  describe('refuses, with one line and a code, leaving the input as it was', () => {
    it('a file that is not a .pptx', async () => {
      const file = path.join(dir, 'notes.pptx');
      writeFileSync(file, 'just text');
      await refused(file, 'DECK_NOT_SURVEYDECK');
    });

    it('a deck surveydeck did not build (no refresh manifest)', async () => {
      const deck = variant('foreign.pptx', (files) => {
        delete files[MANIFEST_PART];
      });
      expect(await refused(deck, 'DECK_NOT_SURVEYDECK')).toContain('no surveydeck refresh manifest');
    });

    it('a deck built by an incompatible surveydeck', async () => {
      const deck = variant('old-format.pptx', (files) => editXml(files, MANIFEST_PART, (xml) => xml.replace('{&quot;format&quot;:1,', '{&quot;format&quot;:0,')));
      expect(await refused(deck, 'DECK_INCOMPATIBLE')).toContain('refresh format is 0');
    });

    it('aggregates of another survey', async () => {
      const other = nextWave();
      other.survey.id = 'cncf-2025';
      expect(await refused(built, 'DECK_OTHER_SURVEY', writeJson(path.join(dir, 'other.json'), other))).toContain('`ospo-2024`');
    });

    it('aggregates missing a figure the deck needs', async () => {
      const lacking = nextWave() as unknown as { findings: Record<string, unknown> };
      delete lacking.findings.genaiInvolved;
      expect(await refused(built, 'UPDATE_MISSING_FIGURE', writeJson(path.join(dir, 'lacking.json'), lacking))).toContain('genaiInvolved');
    });

    it('a part declaring a DOCTYPE and entities (entity expansion)', async () => {
      const deck = variant('entities.pptx', (files) =>
        editXml(files, 'ppt/slides/slide2.xml', (xml) => xml.replace('<p:sld ', '<!DOCTYPE p:sld [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><p:sld ')),
      );
      expect(await refused(deck, 'DECK_UNSAFE')).toContain('ppt/slides/slide2.xml` declares a DOCTYPE');
    });

    it('an external relationship that is not a hyperlink', async () => {
      const deck = variant('external.pptx', (files) =>
        editXml(files, 'ppt/slides/_rels/slide3.xml.rels', (xml) =>
          xml.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///etc/passwd" TargetMode="External"/></Relationships>'),
        ),
      );
      expect(await refused(deck, 'DECK_UNSAFE')).toContain('only hyperlinks may be external');
    });

    for (const [name, part] of [
      ['a `../` part name (zip slip)', '../../evil.xml'],
      ['an absolute part name', '/etc/evil.xml'],
    ] as const) {
      it(name, async () => {
        const deck = variant(`slip-${name.length}.pptx`, (files) => {
          files[part] = strToU8('<x/>');
        });
        expect(await refused(deck, 'DECK_UNSAFE')).toContain(part);
      });
    }

    it('a zip bomb: declared sizes and entry counts are capped before anything is inflated', () => {
      const bomb = zipSync({ 'ppt/media/zeros.bin': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
      expect(bomb.length).toBeLessThan(64 * 1024);
      const limits = { fileBytes: 1024 * 1024, entries: 100, entryBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024 };
      expect(() => readDeckPackage(bomb, 'bomb.pptx', limits)).toThrow(/DECK_UNSAFE: entry `ppt\/media\/zeros.bin` unpacks to 4 MiB; at most 1 MiB per part/);
      const many: Zippable = {};
      for (let i = 0; i < 101; i++) many[`ppt/media/${i}.bin`] = new Uint8Array(1);
      expect(() => readDeckPackage(zipSync(many), 'many.pptx', limits)).toThrow(/DECK_UNSAFE: the package has more than 100 entries/);
      const wide: Zippable = {};
      for (let i = 0; i < 3; i++) wide[`ppt/media/${i}.bin`] = new Uint8Array(900 * 1024);
      expect(() => readDeckPackage(zipSync(wide, { level: 9 }), 'wide.pptx', limits)).toThrow(/DECK_UNSAFE: the package unpacks to more than 2 MiB/);
    });

    it('a zip whose directory lies about a size: never more memory than declared', () => {
      const honest = zipSync({ 'a.xml': strToU8('<a>' + 'x'.repeat(10_000) + '</a>') });
      // Patch the central directory's uncompressed size (offset 24 of the entry) down to 10 bytes.
      const lying = Uint8Array.from(honest);
      const cd = lying.findIndex((_, i) => lying[i] === 0x50 && lying[i + 1] === 0x4b && lying[i + 2] === 0x01 && lying[i + 3] === 0x02);
      new DataView(lying.buffer).setUint32(cd + 24, 10, true);
      let parts: Record<string, Uint8Array> | undefined;
      try {
        parts = readDeckPackage(lying, 'lying.pptx');
      } catch {
        // refusing it is fine too
      }
      if (parts) expect(parts['a.xml'].length).toBeLessThanOrEqual(10);
    });
  });
});
