// Issue 7, item 6: a figure on a base under the spec's `showCounts` prints as counts ("2 of 8") in the
// place of its percentage, and the words around it still read: a percentage's partitive ("27% of
// respondents …") does not follow counts that carry their own ("2 of 8 of respondents …"). The
// shipped aggregates with the small organizations and the planners' two challenges cut to 8
// respondents, built to .pptx in every locale and read back from the written XML.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Aggregates } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { buildDecks, DEFAULT_DATA_FILE } from '../../src/pipeline.js';
import { copySurveyTexts, tempDir } from '../helpers.js';
import { readDeck, type ReadDeck } from './decks.js';

const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'zh-CN'] as const;
type L = (typeof LOCALES)[number];

/** The shipped aggregates with 8 small organizations (2 report an OSPO) and 2 of 8 planners naming each challenge. */
function fewer(): Aggregates {
  const a = loadAggregates(DEFAULT_DATA_FILE);
  const small = a.questions.q12.crosstabs!.size.find((s) => s.segment === 'size:small')!;
  const counts: Record<string, number> = { '1': 1, '2': 1, '3': 2, '4': 4 };
  small.base = { ...small.base, n: 8 };
  delete small.base.excluded;
  for (const o of small.options) Object.assign(o, { count: counts[o.code] ?? 0, share: (counts[o.code] ?? 0) / 8 });
  for (const f of [a.findings.ospoSmall, a.findings.roiChallenge, a.findings.execBuyInChallenge]) Object.assign(f, { count: 2, share: 0.25, base: { ...f.base, n: 8 } });
  return a;
}

/** "2 of 8" as each catalogue prints it (figure.counts). */
const COUNTS: Record<L, string> = { en: '2 of 8', de: '2 von 8', fr: '2 sur 8', es: '2 de 8', ja: '8人中2人', 'zh-CN': '8人中2人' };

/** Counts followed (or preceded) by the partitive a percentage needs: the doubled "of". */
const DOUBLED: Record<L, RegExp> = {
  en: /\b\d+ of \d+ of\b/,
  de: /\b\d+ von \d+ der(?:er)?\b/,
  fr: /\b\d+ sur \d+ d(?:es|e|')\b/,
  es: /\b\d+ de \d+ de\b|\b[Ee]l \d+ de \d+/,
  ja: /\d+人中\d+人中/,
  'zh-CN': /者中[，,]?\d+人中\d+人|\d+人中\d+人的/,
};

/** A KPI label that opens with the partitive of a percentage. */
const LABEL_PARTITIVE: Record<L, RegExp> = { en: /^of\b/, de: /^der\b/, fr: /^d(?:es|e)\b/, es: /^de\b/, ja: /^の/, 'zh-CN': /^的/ };

const decks = new Map<string, ReadDeck>();

beforeAll(async () => {
  const dir = copySurveyTexts(tempDir('sd-counted-'));
  const dataFile = path.join(dir, 'aggregates.json');
  writeFileSync(dataFile, JSON.stringify(fewer()));
  const out = tempDir('sd-counted-out-');
  const cacheDir = tempDir('sd-counted-cache-');
  const built = [
    ...(await buildDecks({ audiences: ['executive-briefing'], locales: [...LOCALES], dataFile, outDir: out, cacheDir, force: true })).decks,
    ...(await buildDecks({ audiences: ['conference-talk'], locales: ['en', 'fr', 'zh-CN'], dataFile, outDir: out, cacheDir, force: true })).decks,
  ];
  for (const d of built) decks.set(`${d.audience}.${d.locale}`, readDeck(d.file));
}, 600_000);

describe('counts in the place of a percentage read as counts, in every locale (written XML)', () => {
  it('every briefing prints the 8 planners\' and small organizations\' figures as counts, never as "2 of 8 of …"', () => {
    for (const locale of LOCALES) {
      const deck = decks.get(`executive-briefing.${locale}`)!;
      let printed = 0;
      for (const slide of deck.slides) {
        for (const [box, text] of Object.entries({ ...slide.boxes, notes: slide.notes })) {
          printed += text.split(COUNTS[locale]).length - 1;
          expect(text, `${locale} slide ${slide.number} (${slide.key}) ${box}`).not.toMatch(DOUBLED[locale]);
          // No share of the 8 is printed (25%).
          expect(text, `${locale} slide ${slide.number} (${slide.key}) ${box}`).not.toMatch(/\b25\s?[%％]/);
        }
      }
      // The gap slide's two bullets, the three recommendations, the headline notes and the adoption takeaway.
      expect(printed, locale).toBeGreaterThanOrEqual(7);
    }
  });

  it('the English briefing says "2 of 8 respondents planning an OSPO" and "2 of 8 planners"', () => {
    const text = decks.get('executive-briefing.en')!.slides.map((s) => Object.values(s.boxes).join('\n')).join('\n');
    expect(text).toContain('2 of 8 respondents planning an OSPO list justifying it financially');
    expect(text).toContain('2 of 8 planners list executive buy-in');
    expect(text).toContain('2 of 8 respondents at small organizations report an OSPO');
  });

  it('a KPI whose value is counts has a label without the percentage\'s partitive; a percentage keeps it', () => {
    for (const locale of ['en', 'fr', 'zh-CN'] as const) {
      const deck = decks.get(`conference-talk.${locale}`)!;
      let counted = 0;
      let percent = 0;
      for (const slide of deck.slides) {
        for (const [box, value] of Object.entries(slide.boxes)) {
          const m = /^kpi-(\d+)-value$/.exec(box);
          if (!m) continue;
          const label = slide.boxes[`kpi-${m[1]}-label`] ?? '';
          const where = `${locale} slide ${slide.number} (${slide.key}) kpi ${m[1]}: "${value}" "${label}"`;
          if (value === COUNTS[locale]) {
            counted++;
            expect(label, where).not.toMatch(LABEL_PARTITIVE[locale]);
          } else if (slide.key.endsWith('size')) {
            percent++;
            // The large organizations' 77% still reads "77% of respondents …" (fr "des", zh "的").
            expect(label, where).toMatch(LABEL_PARTITIVE[locale]);
          }
        }
      }
      expect(counted, locale).toBe(1);
      expect(percent, locale).toBe(1);
    }
  });
});
