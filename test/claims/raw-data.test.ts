// Perturbed copies of the raw export (respondents dropped, OSPO status moved between size groups until
// large and small are level, another answer made the most common) give decks whose sentences change,
// not only their numbers, asserted on the written XML. The export is read and rewritten with a CSV
// parser of the test's own (raw-export.ts); the decks are built from it through the ingest as a user
// would. Every figure of the shipped decks against the raw export: shipped-decks.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateSurvey, serializeAggregates } from '../../src/ingest/index.js';
import { buildDecks } from '../../src/pipeline.js';
import { ospo2024 } from '../ingest/helpers.js';
import { copySurveyTexts, slideNames, tempDir, text, unzip } from '../helpers.js';
import { Export, parseCsv, RAW_2024, writeCsv } from './raw-export.js';

const cache = tempDir('sd-claims-cache-');

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

const source = readFileSync(RAW_2024, 'utf8');
const raw = new Export(parseCsv(source));
let shipped: Map<string, string[]>;

beforeAll(async () => {
  shipped = await buildFrom(undefined);
}, 600_000);

describe('the headline figures, recomputed from the raw export as the report publishes them', () => {
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
    expect(exec[2]).toContain(`${genai}% of OSPOs have a role`);
    expect(exec[4]).toContain(`${large}% of respondents at large organizations report an OSPO, against ${small}% at small ones`);
    expect(exec[5]).toContain(`${security}% of OSPOs decide on or advise`);
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
    expect(decks.get('conference-talk.en')!.join('\n')).toContain('No significant difference by size');
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
    expect(find(shipped)).toMatch(/Named most often: establish and improve open source policies and processes; develop and execute open source strategy/);
    expect(find(decks)).toMatch(/Named most often: develop and execute open source strategy; establish and improve open source policies and processes/);
  }, 600_000);
});
