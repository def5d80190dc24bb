// A chart of a question whose respondents chose several answers says so under it ("Several answers
// allowed."), so bars adding up to more than 100% do not read as an error; a question where everyone
// chose one answer, and a single-choice question, never do. Decided by the data, in every locale.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSlides, severalLine } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { ChartSlide, QuestionAggregate } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { AGGREGATES, SURVEY_DIR, TEMPLATES } from '../helpers.js';

const aggregates = loadAggregates(AGGREGATES);
const catalogueOf = (locale: string) => loadCatalogue(TEMPLATES, locale as never, SURVEY_DIR);
const questions = Object.values(aggregates.questions);
const sumOf = (q: QuestionAggregate) => q.options.reduce((s, o) => s + o.share, 0);

describe('the "several answers" note under a chart', () => {
  const en = catalogueOf('en');

  it('follows the shares: a multi-select adding up to more than 100% gets it, the same question with one answer each does not', () => {
    const multi = questions.find((q) => q.kind === 'multi' && sumOf(q) > 1.2);
    expect(multi, 'a 2024 multi-select whose shares add up to more than 100%').toBeDefined();
    expect(severalLine(multi, en)).toBe(' Several answers allowed.');
    // Every respondent chose one answer: its shares add up to 100%, and nothing is said.
    const total = sumOf(multi!);
    const oneEach = { ...multi!, options: multi!.options.map((o) => ({ ...o, share: o.share / total })) };
    expect(severalLine(oneEach, en)).toBe('');
    const single = questions.find((q) => q.kind === 'single');
    expect(severalLine(single, en)).toBe('');
    expect(severalLine(undefined, en)).toBe('');
    // A grid whose rows take several levels (free and paid): one row's levels adding up to more than 100% is enough.
    const grid = questions.find((q) => q.kind === 'grid' && (q.items?.length ?? 0) > 1)!;
    const rowOf = (item: NonNullable<QuestionAggregate['items']>[number], total: number) => ({ ...item, levels: item.levels.map((l, i) => ({ ...l, share: i === 0 ? total : 0 })) });
    const levels = (first: number) => ({ ...grid, multiLevel: true, items: grid.items!.map((item, i) => rowOf(item, i === 0 ? first : 1)) });
    expect(severalLine(levels(1.3), en)).toBe(' Several answers allowed.');
    expect(severalLine(levels(1), en)).toBe('');
    expect(severalLine({ ...levels(1.3), multiLevel: undefined }, en)).toBe(''); // a grid of one level per row
    expect(severalLine(multi, catalogueOf('de'))).toBe(' Mehrfachnennungen möglich.');
  });

  it('stands under exactly the generated charts of questions whose respondents chose several answers', () => {
    const manifest = loadDeckManifest(TEMPLATES, 'full-results');
    const templates = loadSlideTemplates(TEMPLATES, createHandlebars());
    const { slides } = bindSlides({ manifest, aggregates, templates, catalogue: en, chartsDir: path.join(TEMPLATES, 'charts'), chartBox: { widthIn: 9, heightIn: 5 } });
    // A generated question slide's key is its question's id (a part: `-p2`).
    const generated = slides.filter((s): s is ChartSlide => s.kind === 'chart' && s.templateFile.endsWith('question.hbs'));
    const byId = new Map(questions.map((q) => [q.id, q]));
    let said = 0;
    for (const s of generated) {
      const q = byId.get(s.key!.replace(/-p\d+$/, ''));
      expect(q, s.key).toBeDefined();
      const several = (q!.kind === 'multi' && sumOf(q!) > 1) || q!.multiLevel === true;
      expect(s.footnote?.includes('Several answers allowed.'), `${s.key}: ${s.footnote}`).toBe(several);
      if (several) said++;
    }
    expect(said).toBeGreaterThan(3);
    expect(generated.length - said).toBeGreaterThan(3);
  });
});
