// The executive briefing, built end to end from the committed aggregates, checked in its XML. Built
// with picture charts (its manifest says native): test/charts/native-decks.test.ts covers native ones.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildDecks } from '../../src/pipeline.js';
import { checkPackage } from '../../src/check/package-check.js';
import { AGGREGATES, slideNames, tempDir, text, unzip } from '../helpers.js';

const EMU_PER_INCH = 914400;
const aggregates = JSON.parse(readFileSync(AGGREGATES, 'utf8'));

let bytes: Buffer;
let parts: Map<string, Uint8Array>;
let file: string;

beforeAll(async () => {
  const out = tempDir();
  const result = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], outDir: out, cacheDir: tempDir(), charts: 'picture' });
  file = result.decks[0].file;
  bytes = readFileSync(file);
  parts = unzip(bytes);
});

describe('executive briefing (en)', () => {
  it('has 8–12 slides, each with its title in a title placeholder', () => {
    const slides = slideNames(parts);
    expect(slides.length).toBeGreaterThanOrEqual(8);
    expect(slides.length).toBeLessThanOrEqual(12);
    for (const s of slides) {
      const xml = text(parts, s);
      const title = /<p:sp>(?:(?!<\/p:sp>).)*?<p:ph\b[^>]*type="(?:title|ctrTitle)"[^>]*\/>(?:(?!<\/p:sp>).)*?<\/p:sp>/s.exec(xml);
      expect(title, `${s} has a title placeholder`).not.toBeNull();
      expect(title![0]).toMatch(/<a:t>[^<]+<\/a:t>/);
    }
  });

  it('dates the fieldwork on the title slide through Intl, from the aggregates', () => {
    const title = text(parts, 'ppt/slides/slide1.xml');
    const to = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(aggregates.survey.fieldedTo));
    expect(to).toBe('September 12, 2024');
    expect(title).toContain(to);
    expect(title).toContain(`${aggregates.survey.respondents} respondents`);
  });

  it('quotes the headline figures computed from the data, rounded half-up', () => {
    const all = slideNames(parts).map((s) => text(parts, s)).join('\n');
    const pct = (share: number) => `${Math.round(share * 100 + 1e-9)}%`;
    expect(pct(aggregates.findings.genaiInvolved.share)).toBe('84%');
    for (const id of ['genaiInvolved', 'collaborationImpact', 'ospoLarge', 'securityRole']) {
      expect(all).toContain(pct(aggregates.findings[id].share));
    }
  });

  it('gives every picture alt text written from its data, at ≥ 150 pixels per inch of its placed size', async () => {
    let pictures = 0;
    for (const s of slideNames(parts)) {
      const xml = text(parts, s);
      const rels = text(parts, s.replace('slides/', 'slides/_rels/') + '.rels');
      for (const pic of xml.match(/<p:pic>.*?<\/p:pic>/gs) ?? []) {
        pictures++;
        const descr = /descr="([^"]*)"/.exec(pic)?.[1] ?? '';
        expect(descr.length).toBeGreaterThan(20);
        expect(descr).not.toMatch(/\.(png|jpe?g|svg)$/i);
        const rid = /r:embed="([^"]+)"/.exec(pic)![1];
        const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
        const media = parts.get(path.posix.normalize(path.posix.join('ppt/slides', target)))!;
        const meta = await sharp(Buffer.from(media)).metadata();
        const [cx, cy] = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!.slice(1).map(Number);
        if (/Bar chart|bar chart/.test(descr)) {
          expect(meta.width! / (cx / EMU_PER_INCH)).toBeGreaterThanOrEqual(150);
          expect(meta.height! / (cy / EMU_PER_INCH)).toBeGreaterThanOrEqual(150);
        }
      }
    }
    expect(pictures).toBeGreaterThanOrEqual(5);
  });

  it('carries speaker notes in English where the template gives them', () => {
    const notes = [...parts.keys()].filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map((n) => text(parts, n));
    const withText = notes.filter((x) => /Base: \d+ respondents with an OSPO/.test(x));
    expect(withText.length).toBeGreaterThanOrEqual(1);
    for (const x of notes) expect(x).not.toMatch(/lang="(?!en-US)[^"]*"/);
  });

  it('puts the sample size in the footer of content slides, and a lang on every text run', () => {
    const slides = slideNames(parts).map((s) => text(parts, s));
    const layouts = [...parts.keys()].filter((n) => /slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => text(parts, n));
    // Written with no-break spaces, so "N = 222" never wraps inside.
    expect([...slides, ...layouts].join('\n')).toContain(`N\u00A0=\u00A0${aggregates.survey.respondents}`);
    for (const xml of slides) {
      for (const rPr of xml.match(/<a:(?:rPr|endParaRPr)\b[^>]*>/g) ?? []) expect(rPr).toMatch(/lang="en-US"/);
    }
  });

  it('passes the project’s own package check', () => {
    expect(checkPackage(bytes)).toEqual([]);
  });

  it('is byte-identical when built again, from a cold or a warm chart cache', async () => {
    const cache = tempDir();
    const a = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], outDir: tempDir(), cacheDir: cache, charts: 'picture' });
    const b = await buildDecks({ audiences: ['executive-briefing'], locales: ['en'], outDir: tempDir(), cacheDir: cache, charts: 'picture' });
    expect(b.charts.rendered).toBe(0);
    expect(readFileSync(a.decks[0].file).equals(bytes)).toBe(true);
    expect(readFileSync(b.decks[0].file).equals(bytes)).toBe(true);
  });

  it('opens in LibreOffice with the same slide count', () => {
    let soffice = '';
    try {
      soffice = execFileSync('which', ['soffice']).toString().trim();
    } catch {
      if (process.env.CI) throw new Error('LibreOffice (soffice) must be installed in CI');
      return;
    }
    const out = tempDir();
    execFileSync(soffice, ['-env:UserInstallation=file://' + tempDir('sd-lo-'), '--headless', '--convert-to', 'pdf', '--outdir', out, file], { timeout: 180_000, stdio: 'ignore' });
    const pdf = readFileSync(path.join(out, path.basename(file).replace(/\.pptx$/, '.pdf'))).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(slideNames(parts).length);
  });
});
