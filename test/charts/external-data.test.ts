// Chart specs may draw only the bound rows: every URL or file at any depth is CHART_EXTERNAL_DATA
// naming the spec and the JSON path, and vega's loader refuses whatever the static check might miss.
// A listener on 127.0.0.1 proves no request is made (issue 12, item 2).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExternalReferences } from '../../src/charts/external-data.js';
import { renderCharts } from '../../src/charts/index.js';
import { renderVegaSvg } from '../../src/charts/render-chart.js';
import { SurveydeckError, type Diagnostic } from '../../src/diagnostics.js';
import type { Brand } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { CHARTS_DIR, TEMPLATES_DIR, chartRequest } from '../fixtures/charts/requests.js';
import { tempDir } from '../helpers.js';

const SECRET = 'SECRET-ROWS-4711';
let server: Server;
let requests: string[] = [];
let base = '';
let brand: Brand;
const dir = tempDir('sd-external-');
const secretFile = path.join(dir, 'secret.csv');
const kpi = () => JSON.parse(readFileSync(path.join(CHARTS_DIR, 'kpi-bar.vl.json'), 'utf8'));

beforeAll(async () => {
  brand = loadBrand(TEMPLATES_DIR, 'harbor');
  writeFileSync(secretFile, `share\n${SECRET}\n`);
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('share\n0.5\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Render `spec` (written to its own file) and return the diagnostics it fails with. */
async function failures(name: string, spec: object): Promise<{ file: string; diagnostics: Diagnostic[] }> {
  const charts = path.join(dir, name);
  mkdirSync(charts, { recursive: true });
  const file = path.join(charts, 'hostile.vl.json');
  writeFileSync(file, JSON.stringify(spec));
  const err = await renderCharts([chartRequest('hostile', [{ share: 0.84 }], { specFile: file })], { brand, cacheDir: tempDir() }).catch((e) => e);
  expect(err).toBeInstanceOf(SurveydeckError);
  return { file, diagnostics: (err as SurveydeckError).diagnostics };
}

const cases: [string, (url: string) => object, string][] = [
  ['top-level data', (url) => ({ ...kpi(), data: { url } }), '$.data.url'],
  ['a layer', (url) => { const s = kpi(); s.layer[1].data = { url }; return s; }, '$.layer[1].data.url'],
  ['a lookup transform', (url) => { const s = kpi(); s.layer[0].transform = [{ lookup: 'share', from: { data: { url }, key: 'share', fields: ['x'] } }]; return s; }, '$.layer[0].transform[0].from.data.url'],
  ['a concat', (url) => ({ data: { name: 'table' }, hconcat: [{ data: { url }, mark: 'bar', encoding: { x: { field: 'share', type: 'quantitative' } } }] }), '$.hconcat[0].data.url'],
  ['a facet spec', (url) => ({ data: { name: 'table' }, facet: { row: { field: 'share' } }, spec: { data: { url }, mark: 'bar' } }), '$.spec.data.url'],
  ['an image channel', (url) => { const s = kpi(); s.layer.push({ mark: 'point', encoding: { url: { value: url } } }); return s; }, '$.layer[3].encoding.url'],
];

describe('chart specs may not load URLs or files', () => {
  const targets = () => [
    ['http', `${base}/rows.csv`],
    ['file://', `file://${secretFile}`],
    ['absolute', secretFile],
    ['../', '../secret.csv'],
  ];

  it.each(cases)('data in %s: CHART_EXTERNAL_DATA naming the spec and the JSON path, nothing loaded', async (label, make, jsonPath) => {
    for (const [kind, url] of targets()) {
      const { file, diagnostics } = await failures(`${label}-${kind}`.replace(/\W+/g, '-'), make(url));
      expect(diagnostics.map((d) => d.code)).toEqual(['CHART_EXTERNAL_DATA']);
      expect(diagnostics[0].file).toBe(file);
      expect(diagnostics[0].message).toBe(`${jsonPath}: a chart spec may not load \`${url}\``);
      expect(JSON.stringify(diagnostics)).not.toContain(SECRET);
    }
    expect(requests).toEqual([]);
  });

  it('an image mark is refused (it loads a picture)', async () => {
    const s = kpi();
    s.layer.push({ mark: { type: 'image', url: `${base}/logo.png` } });
    const { diagnostics } = await failures('image-mark', s);
    expect(diagnostics.map((d) => d.message)).toEqual(['$.layer[3].mark: a chart spec may not load an image mark']);
    expect(requests).toEqual([]);
  });

  it('the shipped specs reference nothing external', () => {
    for (const id of ['bar-horizontal', 'grouped-bars', 'kpi-bar', 'stacked-100']) {
      expect(findExternalReferences(JSON.parse(readFileSync(path.join(CHARTS_DIR, `${id}.vl.json`), 'utf8')))).toEqual([]);
    }
  });

  it('a hostile spec nested 100000 levels deep is checked without overflowing the stack', () => {
    let node: Record<string, unknown> = { url: 'x' };
    for (let i = 0; i < 100_000; i++) node = { layer: [node] };
    expect(findExternalReferences(node as never)).toHaveLength(1);
  });

  it('defence in depth: vega itself is given a loader that refuses every load', async () => {
    for (const url of [`${base}/a.csv`, `file://${secretFile}`, secretFile]) {
      const spec = { width: 10, height: 10, data: [{ name: 'x', url, format: { type: 'csv' } }], marks: [{ type: 'rect', from: { data: 'x' } }] };
      const err = await renderVegaSvg(spec as never, { locale: 'en' }, '/specs/raw.vg.json').catch((e) => e);
      expect(err).toBeInstanceOf(SurveydeckError);
      expect(err.diagnostics[0]).toMatchObject({ code: 'CHART_EXTERNAL_DATA', file: '/specs/raw.vg.json' });
      expect(err.diagnostics[0].message).toContain(url);
      expect(err.message).not.toContain(SECRET);
    }
    const image = { width: 10, height: 10, marks: [{ type: 'image', encode: { enter: { url: { value: `${base}/logo.png` } } } }] };
    const err = await renderVegaSvg(image as never, { locale: 'en' }, '/specs/raw.vg.json').catch((e) => e);
    expect(err?.diagnostics?.[0]?.code).toBe('CHART_EXTERNAL_DATA');
    expect(requests).toEqual([]);
  });
});
