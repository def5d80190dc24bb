// The full-results deck: generated from the aggregates and the survey spec alone, checked in its XML.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { MAX_CATEGORIES } from '../../src/bind/bind-slides.js';
import { checkPackage } from '../../src/check/package-check.js';
import type { Aggregates } from '../../src/ir.js';
import { AGGREGATES, slideNames, tempDir, text, unzip } from '../helpers.js';

const aggregates: Aggregates = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

let slides: { xml: string; title: string; alt: string[]; all: string }[];
let bytes: Buffer;

beforeAll(async () => {
  const result = await buildDecks({ audiences: ['full-results'], locales: ['en'], outDir: tempDir(), cacheDir: tempDir() });
  bytes = readFileSync(result.decks[0].file);
  const parts = unzip(bytes);
  slides = slideNames(parts).map((name) => {
    const xml = text(parts, name);
    const titleShape = /<p:sp>(?:(?!<\/p:sp>).)*?<p:ph\b[^>]*type="(?:title|ctrTitle)"(?:(?!<\/p:sp>).)*?<\/p:sp>/s.exec(xml)?.[0] ?? '';
    return {
      xml,
      title: decode([...titleShape.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('')),
      alt: [...xml.matchAll(/<p:cNvPr [^>]*descr="([^"]*)"/g)].map((m) => decode(m[1])),
      all: decode([...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(' ')),
    };
  });
});

const charted = () => Object.values(aggregates.questions).filter((q) => q.kind !== 'text' && q.id !== 'q2');

describe('full-results deck (en)', () => {
  it('has a divider per section with charted questions and a chart slide per question part', () => {
    const sectionsWithCharts = aggregates.sections.filter((s) => s.questions.some((id) => charted().some((q) => q.id === id)));
    for (const s of sectionsWithCharts) expect(slides.some((x) => x.title === s.title)).toBe(true);
    for (const q of charted()) {
      const title = q.shortText ?? q.text;
      const own = slides.filter((x) => x.title === title || x.title.startsWith(`${title} (`));
      expect(own.length, `${q.id} has a slide`).toBeGreaterThanOrEqual(1);
      const categories = q.kind === 'grid' ? q.items!.length : q.options.length;
      const max = Math.min(...Object.values(MAX_CATEGORIES));
      if (categories <= max) expect(own).toHaveLength(1);
    }
  });

  it('charts grids as 100% stacked bars and trends as grouped bars, with alt text from the data', () => {
    for (const q of charted()) {
      const title = q.shortText ?? q.text;
      const slide = slides.find((x) => x.title === title || x.title.startsWith(`${title} (`))!;
      expect(slide.alt).toHaveLength(1);
      if (q.kind === 'grid') expect(slide.alt[0]).toMatch(/^100% stacked bar chart of /);
      else if (q.trend) expect(slide.alt[0]).toMatch(/^Grouped bar chart of .*\(2023: \d+%\)/);
      else expect(slide.alt[0]).toMatch(/^Bar chart of .*\d+%/);
    }
  });

  it('sorts single and multi choice bars by share, but keeps ordered scales in order', () => {
    const q21 = slides.find((x) => x.title.startsWith('Top responsibilities of the OSPO'))!;
    const shares = [...q21.alt[0].matchAll(/ (\d+)%/g)].map((m) => Number(m[1]));
    expect(shares.length).toBeGreaterThan(3);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    // q4 keeps every option, the screener's 0% one too, so it may continue on a second slide.
    const q4alt = slides.filter((x) => x.title.startsWith(aggregates.questions.q4.shortText!)).map((x) => x.alt[0]).join(' ');
    const order = aggregates.questions.q4.options.filter((o) => o.nonAnswer !== 'dontKnow').map((o) => o.label);
    const positions = order.map((label) => q4alt.indexOf(label));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('gives every chart a footnote with the base, n and how many were asked, and flags bases under 30', () => {
    // A grid whose rows have bases of their own names their range: "(n = 77–97 per bar), excl. don't know, 3%–23%".
    for (const s of slides.filter((x) => x.alt.length)) expect(s.all).toMatch(/Bases?:\s.*\(n\s=\s\d+(–\d+\sper\sbar)?\)(,\sexcl\.\sdon't\sknow,\s\d+\s?%(–\d+\s?%)?)?(;\s\d+\swere\sasked)?\./);
    const small = charted().filter((q) => q.base.n < 30);
    expect(small.length).toBeGreaterThan(0);
    for (const q of small) {
      const s = slides.find((x) => x.title.startsWith(q.shortText ?? q.text))!;
      expect(s.all, q.id).toMatch(/Small base:\sn\s=\s\d+/);
    }
    const large = slides.find((x) => x.title === aggregates.questions.q5.shortText)!;
    expect(large.all).not.toMatch(/Small base/);
  });

  it('lists open-text questions in an appendix instead of charting them', () => {
    const appendix = slides.find((x) => x.title === 'Appendix: open-text questions')!;
    for (const q of Object.values(aggregates.questions).filter((x) => x.kind === 'text')) {
      expect(appendix.all).toContain(q.shortText ?? q.text);
    }
  });

  it('passes the package check', () => {
    expect(checkPackage(bytes)).toEqual([]);
  });
});
