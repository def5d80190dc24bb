// A generated takeaway names every answer tied for most common: a three-way tie told as two ("Denmark
// and Austria", with Italy as common) was a false sentence. Past three, the rest are counted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { Aggregates, ChartSlide, Locale, QuestionAggregate } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { AGGREGATES, SURVEY_DIR, TEMPLATES } from '../helpers.js';

const shipped = loadAggregates(AGGREGATES);
const templates = loadSlideTemplates(TEMPLATES, createHandlebars());
const manifest = loadDeckManifest(TEMPLATES, 'full-results');

/** A single-choice question of the shipped survey with at least six substantive answers, in no order. */
const target = Object.values(shipped.questions).find((q) => q.kind === 'single' && !q.scale && !q.ordered && q.options.filter((o) => !o.nonAnswer).length >= 6)!;

/** The shipped aggregates with `target`'s first `tied` answers at one count, the others below it. */
function withTie(tied: number): { aggregates: Aggregates; labels: string[] } {
  const aggregates = structuredClone(shipped) as Aggregates;
  const q = aggregates.questions[target.id] as QuestionAggregate;
  const n = q.base.n;
  const top = Math.floor(n / (tied + 1));
  const substantive = q.options.filter((o) => !o.nonAnswer);
  const below = Math.max(0, Math.min(top - 1, Math.floor((n - tied * top) / (substantive.length - tied))));
  q.options = q.options.map((o) => {
    const count = o.nonAnswer ? 0 : substantive.indexOf(o) < tied ? top : below;
    return { ...o, count, share: count / n };
  });
  return { aggregates, labels: substantive.slice(0, tied).map((o) => o.label) };
}

function takeaway(aggregates: Aggregates, locale: Locale): string {
  const catalogue = loadCatalogue(TEMPLATES, locale, SURVEY_DIR);
  const { slides } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(TEMPLATES, 'charts'), chartBox: { widthIn: 9, heightIn: 6 } });
  // A generated question's slide is keyed by its question's id.
  const slide = slides.find((s): s is ChartSlide => s.kind === 'chart' && s.key === target.id);
  return slide!.takeaway!;
}

describe('the most common answers, tied', () => {
  it('names all three answers of a three-way tie, in the deck language\'s list', () => {
    expect(target).toBeDefined();
    const { aggregates, labels } = withTie(3);
    const en = takeaway(aggregates, 'en');
    expect(en).toMatch(/^Most common answers, tied: /);
    for (const label of labels) expect(en.toLowerCase()).toContain(label.toLowerCase().replace(/\s*\(.*\)$/, ''));
    expect(en).toMatch(/, and /);
    expect(takeaway(aggregates, 'de')).toMatch(/^Häufigste Antworten, gleichauf: .+, .+ und .+ \(je \d+\s%\)\.$/);
  });

  it('names three of a five-way tie and counts the others', () => {
    const { aggregates } = withTie(5);
    expect(takeaway(aggregates, 'en')).toMatch(/^Most common answers, tied: .+, .+, .+, and 2 others \(\d+% each\)\.$/);
    expect(takeaway(aggregates, 'fr')).toMatch(/, .+ et 2 autres \(\d+\s% chacune\)\.$/);
  });

  it('says two answers tie as before', () => {
    const { aggregates } = withTie(2);
    expect(takeaway(aggregates, 'en')).toMatch(/^Most common answers, tied: [^,]+ and [^,]+ \(\d+% each\)\.$/);
  });
});
