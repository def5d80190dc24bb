// `surveydeck update` on a deck with native charts (`--charts native`) edited in LibreOffice (UNO,
// test/update/lo-edit.py): the GenAI chart moved, resized and its series recoloured. LibreOffice drops
// the embedded workbooks and the chart frames' alt text on save; after the update every chart must hold
// the new wave's values, keep the person's colours, carry the new workbook and alt text again.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { listShapes } from '../../src/assemble/refresh-manifest.js';
import { checkPackage } from '../../src/check/package-check.js';
import { buildDecks } from '../../src/pipeline.js';
import { chartPartOf, workbookOf } from '../../src/update/native-chart.js';
import { copySurveyTexts, ROOT, runCli, tempDir } from '../helpers.js';
import { nextWave, readDeck, writeJson, type ReadSlide } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasUno = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import uno'], { stdio: 'ignore' }).status === 0;
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const hasNative = existsSync(path.join(ROOT, 'src/charts/native'));
const skip = !hasNative || ((!hasUno || !hasSoffice) && !process.env.CI);
const NATIVE: Record<string, unknown> = { charts: 'native' };

const dir = copySurveyTexts(tempDir('sd-update-native-'));
const built = path.join(dir, 'built', 'executive-briefing.en.pptx');
const fresh = path.join(dir, 'fresh', 'executive-briefing.en.pptx');
const edited = path.join(dir, 'edited.pptx');
const updated = path.join(dir, 'updated.pptx');
const next = path.join(dir, 'next.json');
const EMU_PER_HMM = 360;

let did: { chart: { x: number; y: number; w: number; h: number; recoloured?: string }; slides: number };
let editedBytes: Buffer;
let cli: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  if (skip) return;
  await buildDecks({ ...NATIVE, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(built) });
  writeJson(next, nextWave());
  await buildDecks({ ...NATIVE, audiences: ['executive-briefing'], locales: ['en'], outDir: path.dirname(fresh), dataFile: next });
  const out = execFileSync(PYTHON, [path.join(ROOT, 'test/update/lo-edit.py'), built, edited, path.join(dir, 'lo-profile')], { encoding: 'utf8', timeout: 240_000 });
  did = JSON.parse(out.trim().split('\n').pop()!);
  editedBytes = readFileSync(edited);
  cli = await runCli(['update', edited, '--data', next, '--out', updated, '--json']);
}, 600_000);

interface NativeChart {
  frame: string;
  xml: string;
  workbook?: Uint8Array;
}

function chartOf(files: Record<string, Uint8Array>, slide: ReadSlide): NativeChart {
  const frame = listShapes(slide.xml).find((s) => s.tag === 'graphicFrame' && /<c:chart\b/.test(s.xml));
  expect(frame, `${slide.key}: a native chart frame`).toBeDefined();
  const part = chartPartOf(files, slide.part, frame!.xml)!;
  return { frame: frame!.xml, xml: strFromU8(files[part]), workbook: workbookOf(files, part) };
}

/** Values each series draws, in order (the cache PowerPoint shows until the workbook is opened). */
const values = (chartXml: string) => [...chartXml.matchAll(/<c:val>([\s\S]*?)<\/c:val>/g)].map(([, v]) => [...v.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map(([, n]) => Number(n)));
const byKey = (slides: ReadSlide[], key: string) => slides.filter((s) => s.key === key);

describe.skipIf(skip)('update of native charts after a LibreOffice edit', () => {
  it('succeeds and leaves the edited deck as it was', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(edited).equals(editedBytes)).toBe(true);
    expect(did.chart.recoloured).toBe('C00000');
  });

  it('gives every chart the new values and workbook, keeps the moved frame and the red series', () => {
    const after = readDeck(readFileSync(updated));
    const now = readDeck(readFileSync(fresh));
    const lo = readDeck(editedBytes);
    let charts = 0;
    for (const slide of after.slides) {
      if (!slide.key || !/<c:chart\b/.test(slide.xml)) continue;
      const got = chartOf(after.files, slide);
      const want = chartOf(now.files, byKey(now.slides, slide.key)[0]);
      expect(values(got.xml), `${slide.key} values`).toEqual(values(want.xml));
      expect(got.workbook && Buffer.from(got.workbook).equals(Buffer.from(want.workbook!)), `${slide.key} workbook`).toBe(true);
      expect(/descr="([^"]*)"/.exec(got.frame)?.[1], `${slide.key} alt text`).toBe(/descr="([^"]*)"/.exec(want.frame)?.[1]);
      charts++;
    }
    expect(charts).toBeGreaterThanOrEqual(4);
    // LibreOffice really dropped what the update put back, else this test proves nothing.
    const loGenai = chartOf(lo.files, byKey(lo.slides, 'highlights.genai')[0]);
    expect(loGenai.workbook).toBeUndefined();

    const genai = chartOf(after.files, byKey(after.slides, 'highlights.genai')[0]);
    expect(genai.frame).toContain(`<a:off x="${did.chart.x * EMU_PER_HMM}" y="${did.chart.y * EMU_PER_HMM}"/>`);
    expect(genai.frame).toContain(`<a:ext cx="${did.chart.w * EMU_PER_HMM}" cy="${did.chart.h * EMU_PER_HMM}"/>`);
    const series = [...genai.xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map(([s]) => s);
    expect(series.length).toBeGreaterThan(0);
    for (const s of series) expect(/<c:spPr>[\s\S]*?<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(s)?.[1].toUpperCase()).toBe('C00000');
    expect(values(genai.xml)).not.toEqual(values(loGenai.xml));
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
