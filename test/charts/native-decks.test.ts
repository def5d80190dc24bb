// The shipped decks built with `--charts native` (one locale): every chart frame is a native chart
// whose XML and embedded workbook agree with the rows bind gave it; the package check passes; the
// bytes are the same when built again; LibreOffice opens each deck with one page per slide and draws
// every chart's category names and data labels (pdftotext of its render).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { samplePalette } from '../../src/charts/index.js';
import { checkPackage } from '../../src/check/package-check.js';
import { runCli, slideNames, tempDir, text, unzip } from '../helpers.js';
import type { ChartRow } from '../../src/ir.js';
import { seriesRange, toneRange } from '../../src/charts/palette.js';
import { shippedChartDecks, type BoundChartDeck } from './shipped-chart-requests.js';
import { readChartXml, readWorkbook, cellsAt, squash } from './native-chart-reader.js';

const LOCALE = 'de';
const AUDIENCES = ['executive-briefing', 'conference-talk', 'full-results'];
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

let outDir: string;
let stderr: string;
const decks = new Map<string, { parts: Map<string, Uint8Array>; bytes: Buffer; bound: BoundChartDeck }>();

beforeAll(async () => {
  outDir = tempDir();
  const cache = tempDir();
  const result = await runCli(['build', '--charts', 'native', '-l', LOCALE, '--out', outDir, '--cache', cache]);
  expect(result.code, result.stderr).toBe(0);
  stderr = result.stderr;
  // Bound as the pipeline binds (generated questions split where a part cannot be drawn whole).
  const bound = shippedChartDecks('harbor').filter((d) => d.locale === LOCALE);
  for (const audience of AUDIENCES) {
    const bytes = readFileSync(path.join(outDir, `${audience}.${LOCALE}.pptx`));
    decks.set(audience, { parts: unzip(bytes), bytes, bound: bound.find((d) => d.audience === audience)! });
  }
}, 600_000);

/** Chart parts in slide order, with the slide each sits on. */
function chartsOf(parts: Map<string, Uint8Array>): { slide: number; chart: string; workbook: Uint8Array; frame: string }[] {
  const out: { slide: number; chart: string; workbook: Uint8Array; frame: string }[] = [];
  slideNames(parts).forEach((slide, i) => {
    const xml = text(parts, slide);
    const rels = text(parts, slide.replace('slides/', 'slides/_rels/') + '.rels');
    for (const frame of xml.match(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g) ?? []) {
      const rid = /<c:chart\b[^>]*r:id="([^"]+)"/.exec(frame)![1];
      const target = new RegExp(`Id="${rid}"[^>]*Target="\\.\\./charts/([^"]+)"`).exec(rels)![1];
      const chartRels = text(parts, `ppt/charts/_rels/${target}.rels`);
      const workbook = /Target="\.\.\/embeddings\/([^"]+)"/.exec(chartRels)![1];
      out.push({ slide: i, chart: text(parts, `ppt/charts/${target}`), workbook: parts.get(`ppt/embeddings/${workbook}`)!, frame });
    }
  });
  return out;
}

const percent = (share: number) => `${Math.round(share * 100 + 1e-9)}`;

describe.each(AUDIENCES.map((a) => [a]))(`%s (${LOCALE}), --charts native`, (audience) => {
  it('has one native chart frame per chart in its manifest, no chart pictures, and passes the package check', () => {
    const { parts, bytes, bound } = decks.get(audience)!;
    const charts = chartsOf(parts);
    const requested = bound.slides.filter((s) => s.chartRequest).length;
    expect(requested).toBeGreaterThan(0);
    expect(charts).toHaveLength(requested);
    expect([...parts.keys()].filter((p) => /^ppt\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(requested);
    expect([...parts.keys()].filter((p) => /^ppt\/embeddings\/.*\.xlsx$/.test(p))).toHaveLength(requested);
    for (const s of slideNames(parts)) expect(text(parts, s)).not.toMatch(/<p:pic>[\s\S]*?name="Chart"/);
    expect(checkPackage(bytes)).toEqual([]);
  });

  it('draws each chart from its bound rows: series, categories, values, colours, number format, alt text and title', async () => {
    const { parts, bound } = decks.get(audience)!;
    const charts = chartsOf(parts);
    const slides = bound.slides.filter((s) => s.chartRequest);
    const brand = bound.brand;
    /** c:max of the parts seen so far, by spec and the whole question's largest share. */
    const scales = new Map<string, number>();
    for (const [k, { chart, workbook, frame }] of charts.entries()) {
      const spec = slides[k];
      const request = spec.chartRequest!;
      const rows = request.rows as ChartRow[];
      const xml = readChartXml(chart);
      const sheets = await readWorkbook(workbook);
      const grid = request.specId === 'stacked-100';
      const categoryField = grid ? 'item' : 'label';
      const seriesField = grid ? 'level' : request.specId === 'grouped-bars' ? 'series' : undefined;
      const order = grid ? 'levelIndex' : 'seriesIndex';
      const categories = [...new Set(rows.map((r) => String(r[categoryField])))];
      const seriesNames = seriesField ? [...new Set([...rows].sort((a, b) => Number(a[order]) - Number(b[order])).map((r) => String(r[seriesField])))] : ['share'];
      const where = `${audience} chart ${k + 1} (${request.specId})`;
      expect(xml.series.map((s) => s.name), where).toEqual(seriesNames);
      expect(xml.grouping, where).toBe(grid ? 'percentStacked' : 'clustered');
      // Levels coloured by their tone when the spec gives the scale a good end; an earlier wave lighter.
      const hex = (c: string) => '#' + c;
      const toned = grid ? toneRange(rows, 'level', brand.colors.diverging.map(hex), hex(brand.colors.muted)) : undefined;
      const waves = seriesField && !grid ? seriesRange(rows, seriesField, brand.colors.categorical.map(hex), hex(brand.colors.background)) : undefined;
      const colours = (toned ?? waves)?.map((c) => c.slice(1)) ?? (grid ? samplePalette(brand.colors.diverging.map(hex), seriesNames.length).map((c) => c.slice(1)) : brand.colors.categorical.slice(0, seriesNames.length));
      if (!seriesField && rows.some((r) => r.highlight !== undefined)) {
        // A headline's bars (row field highlight, issue 7) in the brand's accent, the rest muted.
        const [s] = xml.series;
        categories.forEach((c, i) => {
          const row = rows.find((r) => String(r[categoryField]) === c)!;
          expect(s.pointColors.get(i) ?? s.color, `${where}: ${c}`).toBe(row.highlight ? brand.colors.accent : brand.colors.muted);
        });
      } else expect(xml.series.map((s) => s.color), where).toEqual(colours);
      xml.series.forEach((s) => {
        // A chart too dense for its full labels draws the spec's short ones (request.shortLabels).
        const drawnAs = (c: string, i: number) => (squash(s.categories[i] ?? '') === squash(request.shortLabels?.[c] ?? '') ? request.shortLabels![c] : c);
        expect(s.categories.map(squash), where).toEqual(categories.map(drawnAs).map(squash));
        expect(s.valueCount, where).toBe(categories.length);
        s.values.forEach((v, i) => {
          const row = rows.find((r) => String(r[categoryField]) === categories[i] && (!seriesField || String(r[seriesField]) === s.name))!;
          expect(v, where).toBeCloseTo(Number(row.share), 12);
        });
        expect(s.labelFormat, where).toBe('0"\u00a0"%');
        expect(cellsAt(sheets, s.valueFormula), where).toEqual(s.writtenValues);
        expect(cellsAt(sheets, s.categoryFormula), where).toEqual(s.writtenCategories);
      });
      // every answer label shown, no text under the audience's minimum, one scale across a split question's parts
      expect(chart, where).toContain('<c:tickLblSkip val="1"/>');
      const minimum = Math.max(brand.minFontSizePt, request.type?.minFontSizePt ?? 0);
      for (const [, sz] of chart.matchAll(/<a:defRPr[^>]*\ssz="(\d+)"/g)) expect(Number(sz) / 100, where).toBeGreaterThanOrEqual(minimum);
      if (request.shareMax !== undefined) {
        expect(xml.valueAxis.max, where).toBeGreaterThanOrEqual(request.shareMax);
        const scale = `${request.specId} ${request.shareMax}`;
        if (scales.has(scale)) expect(xml.valueAxis.max, `${where}: the scale of its other part`).toBe(scales.get(scale));
        scales.set(scale, xml.valueAxis.max);
      }
      expect(frame).toContain(`descr="${request.altText.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
      expect(frame).toMatch(/ title="[^"]+"/);
    }
  });

  it.skipIf(!hasSoffice && !process.env.CI)('opens in LibreOffice with one page per slide, and every chart shows its category names and data labels', () => {
    const { parts, bound } = decks.get(audience)!;
    const dir = tempDir('sd-lo-');
    const file = path.join(outDir, `${audience}.${LOCALE}.pptx`);
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 300_000, stdio: 'ignore' });
    const pdf = path.join(dir, `${audience}.${LOCALE}.pdf`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(slideNames(parts).length);
    const charts = chartsOf(parts);
    const slides = bound.slides.filter((s) => s.chartRequest);
    for (const [k, { slide }] of charts.entries()) {
      const page = execFileSync('pdftotext', ['-raw', '-f', String(slide + 1), '-l', String(slide + 1), pdf, '-'], { encoding: 'utf8' });
      const drawn = squash(page);
      const xml = readChartXml(charts[k].chart);
      const where = `${audience} slide ${slide + 1}`;
      for (const category of xml.series[0].categories) expect(drawn, `${where}: category ${category}`).toContain(squash(category));
      // every value label the chart shows (hidden ones are the segments too narrow in the picture too)
      xml.series.forEach((s) =>
        s.values.forEach((v, i) => {
          if (v === undefined || s.pointLabels.get(i)?.deleted) return;
          // A bar on a base under showCounts is labelled with its counts, a literal format ("6 von 7").
          const counts = /^"([^"]*)"$/.exec(s.pointLabels.get(i)?.format ?? '')?.[1];
          expect(drawn, `${where}: label ${v} of ${s.name}`).toContain(counts ? squash(counts) : `${percent(v)}%`);
        }),
      );
      expect(slides[k].chartRequest).toBeDefined();
    }
  });
});

it('is byte-identical when built again, in both chart modes', async () => {
  for (const charts of ['native', 'picture']) {
    const [a, b] = [tempDir(), tempDir()];
    const cache = tempDir();
    for (const out of [a, b]) {
      const r = await runCli(['build', '--charts', charts, '-a', 'executive-briefing', '-l', 'zh-CN', '--out', out, '--cache', cache]);
      expect(r.code, r.stderr).toBe(0);
    }
    const file = 'executive-briefing.zh-CN.pptx';
    expect(readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file))), charts).toBe(true);
    if (charts === 'native') expect(stderr).not.toContain('NATIVE_CHART_FALLBACK');
  }
}, 300_000);

it('a spec with no native equivalent falls back to its picture and the build names deck, slide and spec', async () => {
  const { copyTemplates } = await import('../helpers.js');
  const templates = copyTemplates();
  const manifest = path.join(templates, 'decks', 'executive-briefing.yaml');
  const yaml = readFileSync(manifest, 'utf8');
  const { writeFileSync } = await import('node:fs');
  // The shipped manifest has no chart of its own (its charts are the survey's highlights): add the
  // GenAI chart drawn as a progress bar, which has no native equivalent, after the highlights.
  const kpiSlide = [
    '  - template: chart',
    '    text: { title: highlights.genai.title, takeaway: highlights.genai.takeaway, notes: highlights.genai.notes }',
    '    args: { share: findings.genaiInvolved.share, n: findings.genaiInvolved.base.n }',
    '    chart: { spec: kpi-bar, rows: options, question: questions.q20, highlight: [findings.genaiInvolved] }',
    '',
  ].join('\n');
  const edited = yaml.replace('  - foreach: highlights\n', `  - foreach: highlights\n${kpiSlide}`);
  expect(edited).not.toBe(yaml);
  writeFileSync(manifest, edited);
  const out = tempDir();
  const r = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', out, '--cache', tempDir()]);
  expect(r.code, r.stderr).toBe(0);
  const line = r.stderr.split('\n').find((l) => l.includes('NATIVE_CHART_FALLBACK'));
  expect(line).toMatch(/warning NATIVE_CHART_FALLBACK: executive-briefing\.en slide \d+: chart `kpi-bar` has no native equivalent \(it draws 2 bar layers/);
  expect(line).toContain('kpi-bar.vl.json');
  const parts = unzip(readFileSync(path.join(out, 'executive-briefing.en.pptx')));
  const slide = Number(/slide (\d+)/.exec(line!)![1]);
  expect(text(parts, `ppt/slides/slide${slide}.xml`)).toMatch(/<p:pic>/);
  expect(text(parts, `ppt/slides/slide${slide}.xml`)).not.toContain('<p:graphicFrame>');
  // the other charts of the deck stay native
  expect([...parts.keys()].filter((p) => /^ppt\/charts\/chart\d+\.xml$/.test(p)).length).toBeGreaterThan(0);
}, 300_000);

it('`--charts` takes picture or native; anything else is a usage error before any work', async () => {
  const out = tempDir();
  const r = await runCli(['build', '--charts', 'vector', '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/INVALID_OPTION[\s\S]*charts[\s\S]*picture/);
});
