// The 2023 survey's decks, built from data/ospo-2023 (its spec's highlights, its own catalogues) with
// the generic templates: all three decks in English and German. Every percentage printed on a
// highlight slide (text and speaker notes) is checked against figures this test counts itself from
// the raw export with csv-parse, not through src/ingest, rounded half-up to whole percent as the
// README documents.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../src/pipeline.js';
import { ROOT, slideNames, tempDir, text, unzip } from '../helpers.js';
import { sharedData } from '../ingest/helpers.js';

const RAW = path.join(sharedData, 'ospo-survey-2023', 'raw.csv');
const DATA = path.join(ROOT, 'data', 'ospo-2023', 'aggregates.json');
const AUDIENCES = ['executive-briefing', 'conference-talk', 'full-results'];
const LOCALES = ['en', 'de'] as const;

// ── the raw export, read here: row 1 names a question over its first column, rows 4… are respondents ──
const rows: string[][] = parse(readFileSync(RAW), { bom: true, relax_column_count: true });
const header = rows[0];
const respondents = rows.slice(3).filter((r) => r.length > 1);
const columnsOf = (q: string): number[] => {
  let owner = '';
  return header.flatMap((id, col) => ((owner = id.trim() ? id.trim() : owner) === q ? [col] : []));
};
/** The codes a respondent gave to a question (one for single choice, several for multi). */
const answers = (r: string[], q: string): string[] => columnsOf(q).map((c) => (r[c] ?? '').trim()).filter(Boolean);
const halfUp = (count: number, n: number) => Math.floor((count / n) * 100 + 0.5 + 1e-9);

/**
 * Share of respondents counted among those who answered `q` with something other than its
 * "Don't know" code (the spec's base policy: non-answers out of the base), and that share of
 * "Don't know" among everyone who answered (the footnote's "excl. don't know, x%").
 */
function figure(among: string[][], q: string, codes: string[], dontKnow?: string) {
  const answered = among.map((r) => answers(r, q)).filter((a) => a.length > 0);
  const substantive = answered.filter((a) => a.some((c) => c !== dontKnow));
  const count = substantive.filter((a) => a.some((c) => codes.includes(c))).length;
  return { pct: halfUp(count, substantive.length), count, n: substantive.length, excluded: halfUp(answered.length - substantive.length, answered.length) };
}

const q9 = (r: string[]) => answers(r, 'q9')[0];
const size = (r: string[]) => answers(r, 'q4')[0];
const withOspo = respondents.filter((r) => ['1', '2'].includes(q9(r)));
const ospoShare = figure(respondents, 'q9', ['1', '2']);
const ospoLarge = figure(respondents.filter((r) => ['6', '7'].includes(size(r))), 'q9', ['1', '2']);
const ospoSmall = figure(respondents.filter((r) => ['1', '2'].includes(size(r))), 'q9', ['1', '2']);
const security = figure(withOspo, 'q50', ['1', '2'], '0');
const innerSource = figure(withOspo, 'q14', ['1', '2'], '0');
const challenges = Array.from({ length: 11 }, (_, i) => figure(withOspo, 'q22', [String(i + 1)], '0')).sort((a, b) => b.count - a.count);
/** Confidence level of the claims: the spec's `significance.level`, 0.95 when it names none. */
const spec = parseYaml(readFileSync(path.join(ROOT, 'data', 'ospo-2023', 'survey.yaml'), 'utf8'));
const level = Math.round((spec.significance?.level ?? 0.95) * 100);

/** Per highlight of the spec: every percentage its slide (and notes) may print, and those it must. */
const expected: Record<string, { may: number[]; must: number[] }> = {
  headlines: { may: [ospoShare.pct, ospoLarge.pct, security.pct, innerSource.pct, security.excluded, innerSource.excluded], must: [ospoShare.pct, ospoLarge.pct, security.pct, innerSource.pct] },
  programs: { may: [ospoShare.pct], must: [ospoShare.pct] },
  bySize: { may: [ospoLarge.pct, ospoSmall.pct, level], must: [ospoLarge.pct, ospoSmall.pct] },
  security: { may: [security.pct, security.excluded], must: [security.pct] },
  innerSourcing: { may: [innerSource.pct, innerSource.excluded], must: [innerSource.pct] },
  challenges: { may: [...challenges.slice(0, 3).map((c) => c.pct), challenges[0].excluded], must: challenges.slice(0, 2).map((c) => c.pct) },
};

/** Slide text and notes, one string per slide, with the no-break spaces of "84 %" made plain. */
function deckText(file: string): string[] {
  const parts = unzip(readFileSync(file));
  const plain = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(' | ');
  return slideNames(parts).map((name) => {
    const notes = name.replace('slides/slide', 'notesSlides/notesSlide');
    return (plain(text(parts, name)) + (parts.has(notes) ? ` || ${plain(text(parts, notes))}` : '')).replace(/[\u00a0\u202f]/g, ' ');
  });
}
const percentages = (s: string) => [...s.matchAll(/(\d+(?:[.,]\d+)?) ?%/g)].map((m) => Number(m[1].replace(',', '.')));

let decks: Map<string, string[]>;
let diagnostics: { code: string; severity: string; message: string }[];
beforeAll(async () => {
  const out = tempDir('sd-2023-decks-');
  // Native charts: the figures printed on the slides are the same, and nothing is rendered to pixels.
  const built = await buildDecks({ audiences: AUDIENCES, locales: [...LOCALES], dataFile: DATA, outDir: out, cacheDir: tempDir('sd-2023-cache-'), charts: 'native', force: true });
  decks = new Map(built.decks.map((d) => [`${d.audience}.${d.locale}`, deckText(d.file)]));
  diagnostics = built.diagnostics;
}, 900_000);

describe('the 2023 survey builds every deck from its own spec', () => {
  it('the raw export is what the spec describes: 489 respondents, 478 answered q9', () => {
    // Guards the counting above: the screener removes no row of this export (survey.yaml, filters).
    expect([respondents.length, ospoShare.n]).toEqual([489, 478]);
  });

  it('builds all three decks in English and German', () => {
    expect([...decks.keys()].sort()).toEqual(AUDIENCES.flatMap((a) => LOCALES.map((l) => `${a}.${l}`)).sort());
    expect(decks.get('full-results.en')!.length).toBeGreaterThan(50);
  });

  for (const locale of LOCALES) {
    for (const audience of ['executive-briefing', 'conference-talk']) {
      it(`${audience} (${locale}): every percentage on a highlight slide is a count from the raw export`, () => {
        const slides = decks.get(`${audience}.${locale}`)!;
        // A highlight that `replaces` a slot (the title slide) takes that slide's place instead of joining the list.
        const shown = (spec.highlights as { id: string; decks?: string[]; replaces?: string }[]).filter((h) => !h.replaces && (!h.decks || h.decks.includes(audience)));
        // Title slide, one slide per highlight in the spec's order, then the methodology or closing slide.
        expect(slides.length).toBe(shown.length + 2);
        shown.forEach((h, i) => {
          const slide = slides[i + 1];
          const printed = percentages(slide);
          expect(printed.length, `${h.id}: ${slide}`).toBeGreaterThan(0);
          for (const p of printed) expect(expected[h.id].may, `${h.id} prints ${p}%: ${slide}`).toContain(p);
          for (const p of expected[h.id].must) expect(printed, `${h.id} must print ${p}%`).toContain(p);
        });
      });
    }
  }

  it('every text of the survey has a German translation: no MISSING_TRANSLATION, nothing stale', () => {
    // A survey text without a German translation shows in English with one MISSING_TRANSLATION warning
    // per locale; data/ospo-2023/locales/de.yaml translates them all (question titles, options, short labels, sections).
    expect(diagnostics.filter((d) => d.code === 'MISSING_TRANSLATION' || d.code === 'STALE_TRANSLATION').map((d) => d.message)).toEqual([]);
  });

  // Issue 7, item 7: units as the data has them. The programs figure is a share of respondents, so
  // its title says respondents, not organizations; InnerSource is something OSPOs have, not carry.
  it('a share of respondents is titled as respondents, and having InnerSource is not worded as an effect', () => {
    const [programsEn, programsDe] = [decks.get('executive-briefing.en')![2], decks.get('executive-briefing.de')![2]];
    expect(programsEn).toMatch(/^(?:Most|A minority of) respondents report an open source program/);
    expect(programsDe).toMatch(/^(?:Die meisten|Eine Minderheit der) Befragten nenn/);
    for (const audience of AUDIENCES) {
      expect(decks.get(`${audience}.en`)!.join('\n'), audience).not.toMatch(/\b(?:Most|A minority of) organizations run\b|\bcarry InnerSource\b|\breport one\b/);
      expect(decks.get(`${audience}.de`)!.join('\n'), audience).not.toMatch(/Organisationen ha(?:ben|t) ein Open-Source-Programm|treiben InnerSource voran|nennen eines\b/);
    }
  });

  it('the German decks speak German and name 2023, not another survey', () => {
    for (const audience of AUDIENCES) {
      const all = decks.get(`${audience}.de`)!.join('\n');
      expect(all).toContain('2023');
      expect(all).not.toContain('2024');
      expect(all).not.toMatch(/\brespondents\b|\bwho answered\b/); // "State of OSPOs" is the report's name
    }
    expect(decks.get('executive-briefing.de')![2]).toContain(`${ospoShare.pct} % der Befragten sagen`);
    expect(decks.get('executive-briefing.en')![2]).toContain(`${ospoShare.pct}% of respondents say`);
  });
});
