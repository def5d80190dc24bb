// Bind stage: survey wording in the deck's language. English comes from the aggregates (the survey's
// own wording); every other locale must have a catalogue entry, or the build fails naming the key. Pure.
import type { Catalogue } from '../load/catalogue.js';
import type { QuestionAggregate } from '../ir.js';

export function surveyText(catalogue: Catalogue, key: string, english: string): string {
  if (catalogue.has(key) || catalogue.locale !== 'en') return catalogue.format(key);
  return english;
}

/** Slide title for a question: the short wording when there is one. */
export function questionTitle(catalogue: Catalogue, q: QuestionAggregate): string {
  return surveyText(catalogue, `survey.${q.id}.title`, q.shortText ?? stripInstructions(q.text));
}

/** "Which region? (select one)" → "Which region?": answering instructions are not a title. */
export function stripInstructions(text: string): string {
  return text.replace(/\s*\((?:select|please)[^)]*\)\s*$/i, '').trim();
}

export function optionLabel(catalogue: Catalogue, q: QuestionAggregate, code: string, english: string): string {
  return surveyText(catalogue, `survey.${q.id}.options.${code}`, stripInstructions(english));
}

export function itemLabel(catalogue: Catalogue, q: QuestionAggregate, code: string, english: string): string {
  return surveyText(catalogue, `survey.${q.id}.items.${code}`, english);
}

/** Scale levels are shared across grids ("Never … Always"), so they are keyed by their English text. */
export function scaleLabel(catalogue: Catalogue, english: string): string {
  return surveyText(catalogue, `scale.${scaleKey(english)}`, english);
}

export function scaleKey(english: string): string {
  return english
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
