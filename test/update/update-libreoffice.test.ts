// `surveydeck update` on a deck a person edited in LibreOffice itself (UNO, test/update/lo-edit.py):
// moved and resized chart with a red border, a rewritten title, a duplicated, a deleted, an added and a
// moved slide, saved as .pptx. Then a new wave of data: every edit must survive, and every figure,
// chart and sentence the person did not touch must be what a fresh build from the new data says.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPackage } from '../../src/check/package-check.js';
import { buildDecks } from '../../src/pipeline.js';
import { copySurveyTexts, ROOT, runCli, tempDir } from '../helpers.js';
import { nextWave, readDeck, writeJson, type ReadSlide } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasUno = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import uno'], { stdio: 'ignore' }).status === 0;
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
// In CI the test must run (.ci/run installs libreoffice-impress and python3-uno): missing tools fail there.
const skip = (!hasUno || !hasSoffice) && !process.env.CI;

// Chart pictures (the native-chart path has its own tests): a deck's manifest may default to native charts.
const PICTURES: Record<string, unknown> = { charts: 'picture' };

const dir = copySurveyTexts(tempDir('sd-update-lo-'));
const built = path.join(dir, 'built', 'executive-briefing.en.pptx');
const fresh = path.join(dir, 'fresh', 'executive-briefing.en.pptx');
const edited = path.join(dir, 'edited.pptx');
const updated = path.join(dir, 'updated.pptx');
const next = path.join(dir, 'next.json');
const EMU_PER_HMM = 360; // UNO measures in 1/100 mm

let did: { chart: { x: number; y: number; w: number; h: number }; title: string; slides: number };
let editedBytes: Buffer;
let cli: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  if (skip) return;
  await buildDecks({ ...PICTURES, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(built) });
  writeJson(next, nextWave());
  await buildDecks({ ...PICTURES, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(fresh), dataFile: next });
  const out = execFileSync(PYTHON, [path.join(ROOT, 'test/update/lo-edit.py'), built, edited, path.join(dir, 'lo-profile')], { encoding: 'utf8', timeout: 240_000 });
  did = JSON.parse(out.trim().split('\n').pop()!);
  editedBytes = readFileSync(edited);
  cli = await runCli(['update', edited, '--data', next, '--out', updated, '--json']);
}, 600_000);

const byKey = (slides: ReadSlide[], key: string) => slides.filter((s) => s.key === key);

describe.skipIf(skip)('update after a LibreOffice edit', () => {
  it('writes the updated deck and leaves the edited one as it was', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(edited).equals(editedBytes)).toBe(true);
    expect(existsSync(updated)).toBe(true);
  });

  it('keeps every edit: chart frame and border, rewritten title, duplicated, deleted, added and moved slides', () => {
    const before = readDeck(editedBytes);
    const after = readDeck(readFileSync(updated));
    // Same slides in the same order as the person left them (12: 11 built - 1 deleted + 1 copy + 1 added).
    expect(after.slides.map((s) => s.key ?? '(own)')).toEqual(before.slides.map((s) => s.key ?? '(own)'));
    expect(after.slides).toHaveLength(did.slides);
    expect(after.slides.map((s) => s.key)).not.toContain('highlights.security');
    expect(byKey(after.slides, 'highlights.collaboration')).toHaveLength(2);
    const keys = after.slides.map((s) => s.key);
    expect(keys.indexOf('highlights.gap')).toBeLessThan(keys.indexOf('highlights.adoption'));
    const own = after.slides[after.slides.length - 1];
    expect(own.key).toBeUndefined();
    expect(own.xml).toContain('Our own slide: what we will do next quarter');

    const [genai] = byKey(after.slides, 'highlights.genai');
    expect(genai.text.title).toBe('AI work: 84% of our OSPOs are in');
    const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(genai.xml)![0];
    expect(pic).toContain(`<a:off x="${did.chart.x * EMU_PER_HMM}" y="${did.chart.y * EMU_PER_HMM}"/>`);
    expect(pic).toContain(`<a:ext cx="${did.chart.w * EMU_PER_HMM}" cy="${did.chart.h * EMU_PER_HMM}"/>`);
    expect(pic).toMatch(/<a:ln\b[^>]*><a:solidFill><a:srgbClr val="c00000"\/>/i);
  });

  it('changes every figure, chart and sentence the person did not edit to what the new data says', () => {
    const original = readDeck(readFileSync(built));
    const now = readDeck(readFileSync(fresh));
    const after = readDeck(readFileSync(updated));
    let compared = 0;
    let changed = 0;
    for (const slide of after.slides) {
      if (!slide.key) continue;
      const want = byKey(now.slides, slide.key)[0];
      const was = byKey(original.slides, slide.key)[0];
      for (const [box, text] of Object.entries(slide.text)) {
        if (slide.key === 'highlights.genai' && box === 'title') continue; // rewritten by the person
        expect(text, `${slide.key}/${box}`).toBe(want.text[box]);
        compared++;
        if (text !== was.text[box]) changed++;
      }
      for (const [box, media] of Object.entries(slide.media)) {
        const got = after.files[`ppt/media/${media}`];
        expect(Buffer.from(got).equals(Buffer.from(now.files[`ppt/media/${want.media[box]}`])), `${slide.key}/${box} picture`).toBe(true);
        if (!Buffer.from(got).equals(Buffer.from(original.files[`ppt/media/${was.media[box]}`]))) changed++;
      }
      expect(slide.notes, `${slide.key} notes`).toBe(want.notes);
    }
    expect(compared).toBeGreaterThan(30);
    // The new wave moves three findings: their takeaways, KPIs, callout, charts (both copies of the duplicate).
    expect(changed).toBeGreaterThanOrEqual(8);
    const [genai] = byKey(after.slides, 'highlights.genai');
    expect(genai.text.takeaway).toMatch(/^62% /);
    for (const copy of byKey(after.slides, 'highlights.collaboration')) expect(copy.text.takeaway).toMatch(/^64% /);
    expect(after.manifest).toEqual(now.manifest);
  });

  it('reports figures old → new, the duplicate, the deletion, the added slide and the stale rewritten title', () => {
    const { report } = JSON.parse(cli.stdout);
    expect(report.figures).toContainEqual({ slide: 'highlights.genai', figure: 'findings.genaiInvolved.share', old: 76 / 91, new: 56 / 91 });
    expect(report.figures).toContainEqual({ slide: 'highlights.headlines', figure: 'findings.ospoSmall.share', old: 12 / 64, new: 24 / 64 });
    expect(report.stale).toEqual([expect.objectContaining({ slide: 'highlights.genai', box: 'title', edited: 'AI work: 84% of our OSPOs are in', figureChanges: ['84% → 62%'] })]);
    expect(report.deletedSlides).toEqual(['highlights.security']);
    expect(report.duplicatedSlides).toEqual(['highlights.collaboration']);
    expect(report.addedSlides).toEqual([did.slides]);
    expect(report.charts.map((c: { slide: string }) => c.slide).sort()).toEqual(['highlights.adoption', 'highlights.collaboration', 'highlights.genai']);
    expect(cli.stderr).toContain('left as you wrote it, but the data changed (check these):');
    expect(cli.stderr).toMatch(/warning UPDATE_STALE_TEXT: slide `highlights.genai`, title: you rewrote this text and it quotes 84% → 62%/);
  });

  it('--strict exits 1 because the rewritten title quotes a figure the data changed', async () => {
    const strict = await runCli(['update', edited, '--data', next, '--out', path.join(dir, 'strict.pptx'), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('UPDATE_STALE_TEXT');
  });

  it('passes the package check (no problem the edited deck did not have) and opens in LibreOffice', () => {
    const had = new Set(checkPackage(editedBytes).map((d) => `${d.file} ${d.message}`));
    expect(checkPackage(readFileSync(updated)).filter((d) => !had.has(`${d.file} ${d.message}`))).toEqual([]);
    const result = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile-pdf')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, updated], { encoding: 'utf8', timeout: 180_000 });
    expect(result.status, result.stderr).toBe(0);
    const info = execFileSync('pdfinfo', [path.join(dir, 'updated.pdf')], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(did.slides);
  });
});
