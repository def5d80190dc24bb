// Every locale has every message the decks can show, with the same ICU arguments as English.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Aggregates } from '../../src/ir.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { checkCatalogue, messageArguments, requiredMessages } from '../../src/load/required-messages.js';
import { AGGREGATES, TEMPLATES } from '../helpers.js';

const aggregates: Aggregates = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
const english = loadCatalogue(TEMPLATES, 'en', surveyDirOf(AGGREGATES));
const required = requiredMessages(aggregates, english);

describe('message catalogues', () => {
  it('require every question, option, grid item, scale level and section of the survey', () => {
    expect(required.get('survey.q20.title')).toBe(aggregates.questions.q20.shortText);
    expect(required.get('survey.q12.options.3')).toBe('No, but we are planning one');
    expect(required.get('survey.q36.items.5')).toBe('Improved ability to work with open source communities');
    expect([...required.keys()].filter((k) => k.startsWith('scale.')).length).toBeGreaterThan(10);
    expect(required.size).toBeGreaterThan(500);
  });

  it('read the arguments of ICU messages, inside plural and select branches too', () => {
    expect([...messageArguments('{n, plural, one {# of {total}} other {# of {total}}} – {share, number, percent}')].sort()).toEqual(['n', 'share', 'total']);
  });

  for (const locale of LOCALES) {
    it(`${locale} has every message, with the same arguments as English`, () => {
      const problems = checkCatalogue(required, loadCatalogue(TEMPLATES, locale, surveyDirOf(AGGREGATES)));
      expect(problems).toEqual([]);
    });
  }
});
