// WCAG AA contrast of every colour pair a brand draws: LOW_CONTRAST naming the pair, shipped brands clean.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../src/assemble/colors.js';
import { brandColourPairs, checkBrandContrast, SEGMENT_LABEL_LUMINANCE_SWITCH } from '../../src/check/contrast.js';
import type { Brand } from '../../src/ir.js';
import { loadBrand } from '../../src/load/brands.js';
import { copyTemplates, runCli, tempDir, TEMPLATES } from '../helpers.js';

const harbor = loadBrand(TEMPLATES, 'harbor');
const withColours = (brand: Brand, colours: Partial<Brand['colors']>): Brand => ({ ...brand, colors: { ...brand.colors, ...colours } });

describe('checkBrandContrast', () => {
  it('finds nothing in the shipped brands', () => {
    for (const name of ['harbor', 'ember']) expect(checkBrandContrast(loadBrand(TEMPLATES, name))).toEqual([]);
  });

  it('is LOW_CONTRAST naming the brand, the pair, both colours, the ratio and the minimum', () => {
    const pale = withColours(harbor, { categorical: ['0F8B8D', 'F2A541'], text: '9AA5B1' });
    const d = checkBrandContrast(pale, 'templates/brands/harbor/brand.yaml');
    expect(new Set(d.map((x) => x.code))).toEqual(new Set(['LOW_CONTRAST']));
    expect(d.map((x) => x.message)).toEqual([
      'Brand `harbor`: body text on the slide background: #9AA5B1 on #FFFFFF has contrast 2.50:1, WCAG AA needs 4.5:1',
      'Brand `harbor`: links on the slide background: #9AA5B1 on #FFFFFF has contrast 2.50:1, WCAG AA needs 4.5:1',
      'Brand `harbor`: takeaway text on the chart panel: #9AA5B1 on #ECF6F6 has contrast 2.27:1, WCAG AA needs 4.5:1',
      'Brand `harbor`: warning text on the warning flag: #9AA5B1 on #F0DEC3 has contrast 1.89:1, WCAG AA needs 4.5:1',
      'Brand `harbor`: chart text (labels, values, legend) on the chart background: #9AA5B1 on #FFFFFF has contrast 2.50:1, WCAG AA needs 4.5:1',
      'Brand `harbor`: chart bar colour 2 of `categorical` on the chart background: #F2A541 on #FFFFFF has contrast 2.05:1, WCAG AA needs 3:1',
    ]);
    expect(d[0].file).toBe('templates/brands/harbor/brand.yaml');
  });

  it('checks value labels on stacked segments with the colour the chart spec picks', () => {
    // Mid-tones where neither white nor near-black text reaches 4.5:1.
    const d = checkBrandContrast(withColours(harbor, { diverging: ['B23A48', '0F8B8D'] }));
    expect(d.map((x) => x.message)).toEqual(['Brand `harbor`: value labels on segment colour 2 of `diverging`: #1A1A1A on #0F8B8D has contrast 4.22:1, WCAG AA needs 4.5:1']);
    const spec = readFileSync(path.join(TEMPLATES, 'charts', 'stacked-100.vl.json'), 'utf8');
    expect(spec).toContain(`luminance(scale('color', datum.level)) < ${SEGMENT_LABEL_LUMINANCE_SWITCH}`);
  });

  it('covers text, panels, flags, covers, chart text, every bar colour and every segment', () => {
    const pairs = brandColourPairs(harbor);
    // 14: slide text, panels, flags, covers, dividers (text, number and marker), chart text and bars.
    expect(pairs.length).toBe(14 + harbor.colors.categorical.length + harbor.colors.diverging.length);
    for (const p of pairs) expect(contrastRatio(p.foreground, p.background)).toBeGreaterThanOrEqual(p.min);
  });
});

describe('surveydeck build with a low-contrast brand', () => {
  it('exits 2 with LOW_CONTRAST before building anything', async () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'brands', 'harbor', 'brand.yaml');
    const yaml = readFileSync(file, 'utf8');
    const { writeFileSync } = await import('node:fs');
    // A pale bar colour (body text colours are swapped for readable ones; bars are drawn as given).
    expect(yaml).toContain('"6C8EAD"');
    writeFileSync(file, yaml.replace('"6C8EAD"', '"B7CADB"'));
    const out = tempDir('sd-contrast-out-');
    const { code, stderr } = await runCli(['build', '--templates', templates, '-a', 'executive-briefing', '-l', 'en', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('LOW_CONTRAST');
    expect(stderr).toContain('chart bar colour 6 of `categorical` on the chart background: #B7CADB on #FFFFFF');
    expect(readdirSync(out)).toEqual([]);
  });
});
