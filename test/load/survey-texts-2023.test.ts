// The German 2023 full results never show 2024 wording: every question slide's title is the 2023
// English or a 2023 German translation whose fingerprint is that of the 2023 English. Both surveys
// number their questions q1, q2, …, with other questions behind the same numbers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartBoxFor } from '../../src/assemble/index.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { stripInstructions } from '../../src/bind/labels.js';
import type { Aggregates, SlideSpec } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { fingerprint } from '../../src/load/required-messages.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { parse } from 'yaml';
import { copyTemplates, ROOT, SURVEY_DIR } from '../helpers.js';

const DIR_2023 = path.join(ROOT, 'data', 'ospo-2023');
const a23 = loadAggregates(path.join(DIR_2023, 'aggregates.json'));
const a24: Aggregates = JSON.parse(readFileSync(path.join(SURVEY_DIR, 'aggregates.json'), 'utf8'));
const englishTitle = (q: Aggregates['questions'][string]) => q.shortText ?? stripInstructions(q.text);

/** The question slides of a full-results deck of the 2023 survey in `locale` (the generated part: every question, no survey-specific slide). */
function questionSlides(locale: 'en' | 'de' | 'fr'): SlideSpec[] {
  const templatesDir = copyTemplates();
  writeFileSync(path.join(templatesDir, 'decks', 'questions-only.yaml'), 'title: deck.fullResults.title\nslides:\n  - generate: questions\n');
  const { slides } = bindSlides({
    manifest: loadDeckManifest(templatesDir, 'questions-only'),
    aggregates: a23,
    templates: loadSlideTemplates(templatesDir, createHandlebars()),
    catalogue: loadCatalogue(templatesDir, locale, DIR_2023),
    chartsDir: path.join(templatesDir, 'charts'),
    chartBox: chartBoxFor(),
  });
  return slides.filter((s) => s.chartRequest);
}

describe('the 2023 survey in German', () => {
  const de23 = parse(readFileSync(path.join(DIR_2023, 'locales', 'de.yaml'), 'utf8'));
  const de24 = parse(readFileSync(path.join(SURVEY_DIR, 'locales', 'de.yaml'), 'utf8'));

  it('has German question titles of its own, each fingerprinted against the 2023 English', () => {
    const translated = Object.keys(a23.questions).filter((id) => de23.survey?.[id]?.title);
    expect(translated.length).toBeGreaterThan(40);
    for (const id of translated) expect(de23.fingerprints[`survey.${id}.title`], id).toBe(fingerprint(englishTitle(a23.questions[id])));
  });

  it('every question title of the German deck is the 2023 English or its reviewed German, never a 2024 title', () => {
    const slides = questionSlides('de');
    expect(slides.length).toBeGreaterThan(40);
    // Titles of 2024 German that translate an English 2023 does not have under that id.
    const foreign = new Set(
      Object.keys(a24.questions)
        .filter((id) => de24.survey?.[id]?.title && (!a23.questions[id] || englishTitle(a23.questions[id]) !== englishTitle(a24.questions[id])))
        .map((id) => de24.survey[id].title as string),
    );
    expect(foreign.size).toBeGreaterThan(10);
    const allowed = new Set<string>();
    for (const [id, q] of Object.entries(a23.questions)) {
      allowed.add(englishTitle(q));
      const own = de23.survey?.[id]?.title;
      if (own && de23.fingerprints[`survey.${id}.title`] === fingerprint(englishTitle(q))) allowed.add(own);
    }
    let german = 0;
    for (const s of slides) {
      const title = s.title.replace(/ \(\d+\/\d+\)$/, ''); // a question split over slides: "Title (1/2)"
      expect(allowed, title).toContain(title);
      expect(foreign.has(title), title).toBe(false);
      if (!Object.values(a23.questions).some((q) => englishTitle(q) === title)) german++;
    }
    expect(german).toBeGreaterThan(40);
  });

  it('the English deck shows the 2023 wording itself', () => {
    const titles = new Set(questionSlides('en').map((s) => s.title.replace(/ \(\d+\/\d+\)$/, '')));
    expect(titles).toContain(englishTitle(a23.questions.q9));
    expect(titles).not.toContain(englishTitle(a24.questions.q9));
  });
});

describe('the 2023 survey in a language it has no texts in', () => {
  it('draws its untranslated answers in English, shortened by the spec\'s English short labels where it gives them', () => {
    // data/ospo-2023 has no French catalogue: its answers show in English, and a long English answer
    // takes the spec's short label as in the English deck (without it q50 does not fit the briefing).
    expect(existsSync(path.join(DIR_2023, 'locales', 'fr.yaml'))).toBe(false);
    const withShort = Object.values(a23.questions).filter((q) => q.options.some((o) => o.shortLabel));
    expect(withShort.length).toBeGreaterThan(0);
    const slides = questionSlides('fr');
    for (const q of withShort) {
      const slide = slides.find((sl) => sl.chartRequest!.shortLabels && sl.title === englishTitle(q));
      expect(slide, q.id).toBeDefined();
      for (const o of q.options.filter((x) => x.shortLabel)) {
        const full = Object.keys(slide!.chartRequest!.shortLabels!).find((k) => k.toLowerCase() === stripInstructions(o.label).toLowerCase());
        expect(full, `${q.id} option ${o.code}`).toBeDefined();
        expect(slide!.chartRequest!.shortLabels![full!].toLowerCase()).toBe(o.shortLabel!.toLowerCase());
      }
    }
  });
});
