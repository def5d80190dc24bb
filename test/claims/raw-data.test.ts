// The shipped decks against the raw export, read here with a small CSV parser of its own (not through
// src/ingest): every headline figure recomputed from the respondents' answers; printed figures, chart
// highlights, footnotes, notes and alt text naming the same bases, on the written XML; and perturbed
// copies of the export (respondents dropped, OSPO status moved between size groups until large and small
// are level, another answer made the most common) giving decks whose sentences change, not only numbers.
// English and German are built (18 decks would take minutes on a shared machine).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateSurvey, serializeAggregates } from '../../src/ingest/index.js';
import { buildDecks } from '../../src/pipeline.js';
import { ospo2024, sharedData } from '../ingest/helpers.js';
import { copySurveyTexts, slideNames, tempDir, text, unzip } from '../helpers.js';

const RAW = path.join(sharedData, 'ospo-survey-2024', 'raw-numeric.csv');
const cache = tempDir('sd-claims-cache-');

/** RFC 4180: quoted fields, doubled quotes, line breaks inside quotes. */
function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = source.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}
const writeCsv = (rows: string[][]) => rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';

/** The raw export: header row 1 names a question on its first column; each choice column holds its code. */
class Export {
  readonly header: string[][];
  readonly rows: string[][];
  constructor(rows: string[][]) {
    this.header = rows.slice(0, 3);
    this.rows = rows.slice(3).filter((r) => r.length > 1);
  }
  columns(q: string): number[] {
    let owner = '';
    return this.header[0].flatMap((id, col) => ((owner = id.trim() ? id.trim().toLowerCase() : owner) === q ? [col] : []));
  }
  /** Codes a respondent gave to a question (one for single choice). */
  answers(row: string[], q: string): string[] {
    return this.columns(q).map((c) => row[c].trim()).filter(Boolean);
  }
  /** Grid: the level code a respondent gave to the row whose label starts with `item`. */
  level(row: string[], q: string, item: string): string | undefined {
    return this.columns(q).filter((c) => this.header[2][c].startsWith(`${item} - `)).map((c) => row[c].trim()).find(Boolean);
  }
}

const halfUp = (x: number) => Math.floor(x * 100 + 0.5 + 1e-9);
/** Share of `counted` among respondents who answered, less those who answered only "Don't know". */
function share(values: (string | undefined)[], counted: string[], dontKnow: string): number {
  const answered = values.filter((v): v is string => !!v && v !== dontKnow);
  return answered.filter((v) => counted.includes(v)).length / answered.length;
}

async function buildFrom(rows: string[][] | undefined, locales = ['en']): Promise<Map<string, string[]>> {
  const out = copySurveyTexts(tempDir('sd-claims-out-'));
  let dataFile: string | undefined;
  if (rows) {
    const raw = path.join(out, 'raw.csv');
    writeFileSync(raw, writeCsv(rows));
    const { aggregates } = await aggregateSurvey({ ...ospo2024, rawFile: raw });
    dataFile = path.join(out, 'aggregates.json');
    writeFileSync(dataFile, serializeAggregates(aggregates));
  }
  const built = await buildDecks({ audiences: ['executive-briefing', 'conference-talk'], locales, outDir: out, cacheDir: cache, force: true, ...(dataFile ? { dataFile } : {}) });
  const decks = new Map<string, string[]>();
  for (const d of built.decks) {
    const parts = unzip(readFileSync(d.file));
    const slides = slideNames(parts).map((name) => {
      const notes = [...parts.keys()].find((n) => n === name.replace('slides/slide', 'notesSlides/notesSlide'));
      const plain = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>|descr="([^"]*)"/g)].map((m) => m[1] ?? `[alt] ${m[2]}`).join(' | ');
      return (plain(text(parts, name)) + (notes ? ` | [notes] ${plain(text(parts, notes))}` : '')).replace(/\u00a0|\u202f/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'");
    });
    decks.set(`${d.audience}.${d.locale}`, slides);
  }
  return decks;
}

const source = readFileSync(RAW, 'utf8');
const raw = new Export(parseCsv(source));
let shipped: Map<string, string[]>;

beforeAll(async () => {
  shipped = await buildFrom(undefined, ['en', 'de']);
}, 600_000);

describe('the shipped decks, recomputed from the raw export', () => {
  const ospo = raw.rows.filter((r) => ['1', '2'].includes(raw.answers(r, 'q12')[0]));
  const size = (r: string[]) => raw.answers(r, 'q4')[0];

  it('headline figures: GenAI 84%, collaboration 80%, large 77% vs small 19%, security 90%', () => {
    const genai = halfUp(share(ospo.map((r) => raw.answers(r, 'q20')[0]), ['2', '3', '4'], '0'));
    const collaboration = halfUp(share(ospo.map((r) => raw.level(r, 'q36', 'Improved ability to work with open source communities')), ['3', '4', '5'], '6'));
    const security = halfUp(share(ospo.map((r) => raw.answers(r, 'q16')[0]), ['1', '2'], '0'));
    const ospoIn = (codes: string[]) => halfUp(share(raw.rows.filter((r) => codes.includes(size(r))).map((r) => raw.answers(r, 'q12')[0]), ['1', '2'], '0'));
    const [large, small] = [ospoIn(['6', '7']), ospoIn(['1', '2'])];
    expect([genai, collaboration, large, small, security]).toEqual([84, 80, 77, 19, 90]);
    const exec = shipped.get('executive-briefing.en')!;
    expect(exec[1]).toMatch(new RegExp(`${genai}% \\| of OSPOs.*${collaboration}% \\|.*${large}% \\|.*${security}% \\|`));
    expect(exec[2]).toContain(`${genai}% of OSPOs are involved`);
    expect(exec[4]).toContain(`${large}% of respondents at large organizations report an OSPO, against ${small}% at small ones`);
    expect(exec[5]).toContain(`${security}% of OSPOs decide on or advise`);
  });

  it('every printed headline equals its highlighted bars, and footnote, notes and alt text name the same bases (en, de)', () => {
    let checked = 0;
    for (const [deck, slides] of shipped) {
      for (const [i, s] of slides.entries()) {
        const where = `${deck} slide ${i + 1}`;
        const hi = /(?:Highlighted bars: |Hervorgehobene Balken: zusammen )(\d+) ?%/.exec(s);
        if (hi) {
          checked++;
          // The takeaway (before the footnote) prints the same rounded figure the bars add up to.
          expect(s.slice(0, s.indexOf(hi[0])), where).toMatch(new RegExp(`\\b${hi[1]} ?%`));
        }
        const groups = /Bases?: ((?:[^;|]+? n = \d+(?: · )?)+);/.exec(s) ?? /Basen: ((?:[^;|]+? n = \d+(?: · )?)+);/.exec(s);
        if (groups && s.includes('[alt]')) {
          checked++;
          expect(s, `${where}: alt text names the footnote's groups`).toContain(`(${groups[1]})`);
        }
        const n = /\((?:n = )(\d+)\)/.exec(s.slice(0, s.indexOf('[notes]') === -1 ? undefined : s.indexOf('[notes]')));
        const notesBase = /\[notes\] (?:Base|Basis): (\d+) /.exec(s);
        if (n && notesBase && !groups) {
          checked++;
          expect(notesBase[1], `${where}: notes name the footnote's base`).toBe(n[1]);
        }
      }
    }
    expect(checked).toBeGreaterThan(12);
  });
});

describe('perturbed exports change the sentences, not only the numbers', () => {
  const col = (q: string, label: string) => raw.columns(q).find((c) => raw.header[2][c].startsWith(label))!;
  const setSingle = (row: string[], q: string, code: string) => {
    for (const c of raw.columns(q)) row[c] = '';
    const c = raw.columns(q).find((x) => raw.rows.some((r) => r[x].trim() === code))!;
    row[c] = code;
  };
  const copy = () => [...raw.header.map((r) => [...r]), ...raw.rows.map((r) => [...r])];

  it('moving OSPO status between size groups until large and small are level gives the "level" sentences', async () => {
    const rows = copy();
    const body = rows.slice(3);
    const large = body.filter((r) => ['6', '7'].includes(raw.answers(r, 'q4')[0]));
    const small = body.filter((r) => ['1', '2'].includes(raw.answers(r, 'q4')[0]));
    // 49 of 64 large and 12 of 64 small have an OSPO; move 18 and 19 to meet at 31 of 64 each.
    large.filter((r) => ['1', '2'].includes(raw.answers(r, 'q12')[0])).slice(0, 18).forEach((r) => setSingle(r, 'q12', '4'));
    small.filter((r) => raw.answers(r, 'q12')[0] === '4').slice(0, 19).forEach((r) => setSingle(r, 'q12', '1'));
    const decks = await buildFrom(rows);
    const exec = decks.get('executive-briefing.en')!;
    expect(shipped.get('executive-briefing.en')![4]).toContain('Large organizations are more likely to have an OSPO');
    expect(exec[4]).toContain('Large and small organizations are about as likely to have an OSPO');
    expect(exec[4]).toContain('no significant difference');
    expect(exec[4]).not.toMatch(/×/);
    expect(decks.get('conference-talk.en')!.join('\n')).toContain('Size makes no significant difference');
  }, 600_000);

  it('dropping respondents (everyone headquartered in Europe) renames the regions the talk says most respondents come from', async () => {
    const rows = [...raw.header, ...raw.rows.filter((r) => raw.answers(r, 'q5')[0] !== '3')];
    const decks = await buildFrom(rows);
    const before = shipped.get('conference-talk.en')!.find((s) => s.includes('headquartered in'))!;
    const after = decks.get('conference-talk.en')!.find((s) => s.includes('Where respondents are headquartered'))!;
    expect(before).toMatch(/respondents are headquartered in Europe or United States or Canada/);
    expect(after).not.toMatch(/headquartered in Europe|or Europe\b|regions, Europe/);
    expect(after).toMatch(/United States or Canada/);
    expect(after).not.toBe(before);
  }, 600_000);

  it('making another answer the most common changes the named top responsibilities', async () => {
    const rows = copy();
    const strategy = col('q21', 'Develop and execute open source strategy');
    const code = raw.rows.map((r) => r[strategy].trim()).find(Boolean)!;
    for (const r of rows.slice(3)) if (['1', '2'].includes(raw.answers(r, 'q12')[0])) r[strategy] = code;
    const decks = await buildFrom(rows);
    const find = (d: Map<string, string[]>) => d.get('conference-talk.en')!.find((s) => s.includes('What OSPOs are responsible for'))!;
    expect(find(shipped)).toMatch(/Named most often: Establish and improve open source policies and processes; Develop and execute open source strategy/);
    expect(find(decks)).toMatch(/Named most often: Develop and execute open source strategy; Establish and improve open source policies and processes/);
  }, 600_000);
});
