// Answer labels set inside a sentence follow sentence case: "Named most often: develop and execute open
// source strategy", not "…: Develop and execute…", while names and acronyms keep their capitals and a
// label that starts a sentence keeps its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCounted } from '../../src/bind/helpers.js';
import { midSentenceLabel } from '../../src/bind/label-case.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { tempDir, TEMPLATES } from '../helpers.js';

const vocabulary = new Set(['time', 'software', 'office']);

describe('labels inside a sentence', () => {
  it.each([
    ['Develop and execute open source strategy', 'develop and execute open source strategy'],
    ['Insufficient budget', 'insufficient budget'],
    ['Office of the CTO or CIO', 'office of the CTO or CIO'],
    // One word the survey writes in lower case elsewhere.
    ['Time', 'time'],
    // Names: one word never written in lower case, capitals further on, acronyms, mixed case.
    ['Europe', 'Europe'],
    ['United States or Canada', 'United States or Canada'],
    ['North America', 'North America'],
    ['OSPO leads it', 'OSPO leads it'],
    ['GitHub Sponsors', 'GitHub Sponsors'],
    ['Developer / software Engineer', 'Developer / software Engineer'],
    ['Asia-Pacific (except China, India, Japan)', 'Asia-Pacific (except China, India, Japan)'],
  ])('%j → %j in English', (label, inside) => {
    expect(midSentenceLabel(label, 'en', vocabulary)).toBe(inside);
  });

  it('lowers French and Spanish labels alike, but leaves German nouns and Chinese or Japanese alone', () => {
    expect(midSentenceLabel('Établir et améliorer les politiques', 'fr', new Set())).toBe('établir et améliorer les politiques');
    expect(midSentenceLabel('Presupuesto insuficiente', 'es', new Set())).toBe('presupuesto insuficiente');
    expect(midSentenceLabel('Unzureichendes Budget', 'de', new Set(['unzureichendes']))).toBe('Unzureichendes Budget');
    expect(midSentenceLabel('预算不足', 'zh-CN', new Set())).toBe('预算不足');
  });

  it('formats a label in the form its place in the message asks for: inside a sentence, or starting one', () => {
    const survey = tempDir('sd-mid-');
    mkdirSync(path.join(survey, 'locales'));
    writeFileSync(
      path.join(survey, 'locales', 'en.yaml'),
      [
        'mid:',
        '  list: "Named most often: {a}; {b}."',
        '  start: "Base: 85 respondents. {a} comes first, then {b}."',
        '  branch: "{top, select, clear {{a} and {b} lead.} other {Tied: {a} and {b}.}}"',
        '  item: "Two answers:\\n- {a}\\n- {b}"',
      ].join('\n'),
    );
    const catalogue = loadCatalogue(TEMPLATES, 'en', survey);
    const args = { a: 'Time or resource constraints', b: 'Too few people', top: 'clear' };
    // Keyed by the label: an argument holding other text is left as it is.
    const inside = { 'Time or resource constraints': 'time or resource constraints', 'Too few people': 'too few people' };
    const format = (key: string, more = {}) => formatCounted(catalogue, key, { ...args, ...more }, {}, inside);
    expect(format('mid.list')).toBe('Named most often: time or resource constraints; too few people.');
    expect(format('mid.start')).toBe('Base: 85 respondents. Time or resource constraints comes first, then too few people.');
    // A select's branch starts where the select stands.
    expect(format('mid.branch')).toBe('Time or resource constraints and too few people lead.');
    expect(format('mid.branch', { top: 'tied' })).toBe('Tied: time or resource constraints and too few people.');
    // A list item starts afresh.
    expect(format('mid.item')).toBe('Two answers:\n- Time or resource constraints\n- Too few people');
    expect(format('mid.list', { b: 'Europe' })).toBe('Named most often: time or resource constraints; Europe.');
    // Without mid-sentence forms the message formats as written.
    expect(formatCounted(catalogue, 'mid.list', args, {})).toBe('Named most often: Time or resource constraints; Too few people.');
  });
});
