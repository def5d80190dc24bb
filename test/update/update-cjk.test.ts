// `surveydeck update` on a Japanese deck, whose wrapped text carries the lines the fit measured as
// sized line breaks (`<a:br><a:rPr sz…/></a:br>`, src/fit/cjk-lines.ts): the manifest records those
// lines, an unedited deck refreshes to exactly a fresh build (lines included), and a person who joins
// two lines has edited the text, which update keeps.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapeText } from '../../src/assemble/refresh-manifest.js';
import { checkPackage } from '../../src/check/package-check.js';
import { buildDecks } from '../../src/pipeline.js';
import { AGGREGATES, copySurveyTexts, runCli, tempDir } from '../helpers.js';
import { nextWave, readDeck, writeJson } from './helpers.js';

// Native charts: nothing to render; this is about text.
const NATIVE: Record<string, unknown> = { charts: 'native' };

const dir = copySurveyTexts(tempDir('sd-update-cjk-'));
const built = path.join(dir, 'built', 'executive-briefing.ja.pptx');
const fresh = path.join(dir, 'fresh', 'executive-briefing.ja.pptx');
const next = path.join(dir, 'next.json');

beforeAll(async () => {
  await buildDecks({ ...NATIVE, audiences: ['executive-briefing'], locales: ['ja'], outDir: path.dirname(built) });
  writeJson(next, nextWave());
  await buildDecks({ ...NATIVE, audiences: ['executive-briefing'], locales: ['ja'], outDir: path.dirname(fresh), dataFile: next });
}, 300_000);

/** The slide part whose shapes belong to slide `key`. */
function partOf(files: Record<string, Uint8Array>, key: string): string {
  return Object.keys(files).find((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p) && strFromU8(files[p]).includes(`name="sd:${key}/`))!;
}

describe('update of a Japanese deck', () => {
  it('reads a sized line break as a line break, as it reads a bare one', () => {
    const body = (br: string) => `<p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="ja-JP" sz="1400"/><a:t>生成AIインフラの</a:t></a:r>${br}<a:r><a:rPr lang="ja-JP" sz="1400"/><a:t>管理に関与</a:t></a:r></a:p></p:txBody></p:sp>`;
    expect(shapeText(body('<a:br/>'))).toBe('生成AIインフラの\n管理に関与');
    expect(shapeText(body('<a:br><a:rPr lang="ja-JP" sz="1400"/></a:br>'))).toBe('生成AIインフラの\n管理に関与');
    // LibreOffice and PowerPoint write the break's properties with children.
    expect(shapeText(body('<a:br><a:rPr lang="ja-JP" sz="1400" b="1"><a:solidFill><a:srgbClr val="1F2933"/></a:solidFill><a:ea typeface="Noto Sans JP"/></a:rPr></a:br>'))).toBe('生成AIインフラの\n管理に関与');
  });

  it('records the lines it wrote in the manifest, and with the same data changes no byte', async () => {
    const { slides, manifest } = readDeck(readFileSync(built));
    const breaks = slides.reduce((n, s) => n + (s.xml.match(/<a:br>/g) ?? []).length, 0);
    expect(breaks).toBeGreaterThan(10);
    const takeaway = manifest.slides.find((s) => s.key === 'highlights.genai')!.shapes.takeaway.text!;
    expect(takeaway.split('\n').length).toBeGreaterThan(1);
    expect(takeaway.replace(/\n/g, '')).toMatch(/^OSPOの84%が、/);
    const out = path.join(dir, 'same.pptx');
    const result = await runCli(['update', built, '--data', AGGREGATES, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(built))).toBe(true);
  });

  it('gives an unedited deck exactly the text, lines and manifest of a fresh build from the new data', async () => {
    const out = path.join(dir, 'unedited.pptx');
    const result = await runCli(['update', built, '--data', next, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const got = readDeck(readFileSync(out));
    const want = readDeck(readFileSync(fresh));
    expect(got.slides.map((s) => s.key)).toEqual(want.slides.map((s) => s.key));
    got.slides.forEach((slide, i) => expect(slide.text, slide.key).toEqual(want.slides[i].text));
    expect(got.manifest).toEqual(want.manifest);
    // The figure moved, so the lines did: the takeaway is the fresh build's, line for line.
    const genai = got.slides.find((s) => s.key === 'highlights.genai')!;
    expect(genai.text.takeaway.replace(/\n/g, '')).toMatch(/^OSPOの62%が、/);
    expect(genai.text.takeaway).toContain('\n');
    expect(checkPackage(readFileSync(out))).toEqual([]);
    const { report } = JSON.parse(result.stdout);
    expect(report.stale).toEqual([]);
    expect(report.updated).toEqual(expect.arrayContaining([expect.objectContaining({ slide: 'highlights.genai', box: 'takeaway' })]));
  });

  it('keeps text whose lines a person joined (a break deleted) as edited, and flags it as the figure moved', async () => {
    const files = unzipSync(readFileSync(built));
    const part = partOf(files, 'highlights.genai');
    const xml = strFromU8(files[part]);
    const shape = /<p:sp>(?:(?!<\/p:sp>)[\s\S])*?name="sd:highlights\.genai\/takeaway"[\s\S]*?<\/p:sp>/.exec(xml)![0];
    const joined = shape.replace(/<a:br>[\s\S]*?<\/a:br>/, '');
    expect(joined).not.toBe(shape);
    files[part] = strToU8(xml.replace(shape, joined));
    const zippable: Zippable = {};
    for (const [k, v] of Object.entries(files)) zippable[k] = v;
    const deck = path.join(dir, 'joined.pptx');
    writeFileSync(deck, zipSync(zippable));
    const edited = shapeText(joined);

    const out = path.join(dir, 'joined.out.pptx');
    const result = await runCli(['update', deck, '--data', next, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { report } = JSON.parse(result.stdout);
    expect(report.stale).toEqual([expect.objectContaining({ slide: 'highlights.genai', box: 'takeaway', edited })]);
    expect(readDeck(readFileSync(out)).slides.find((s) => s.key === 'highlights.genai')!.text.takeaway).toBe(edited);
  });
});
