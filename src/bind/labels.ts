// Bind stage: survey wording in the deck's language. English comes from the aggregates (the survey's
// own wording); another locale shows its translation from the survey's catalogue only when that
// translation records the fingerprint of this very English text, so a translation of some other text
// (another survey's question with the same id, an edited wording) is never shown. Pure.
import { error } from '../diagnostics.js';
import type { Catalogue } from '../load/catalogue.js';
import { fingerprint } from '../load/fingerprint.js';
import type { Aggregates, QuestionAggregate } from '../ir.js';

/**
 * The survey's wording for `key` in the catalogue's language. Without a translation it is the English
 * (the pipeline warns once per locale, MISSING_TRANSLATION); a translation whose fingerprint is not that
 * of `english` is STALE_TRANSLATION.
 */
export function surveyText(catalogue: Catalogue, key: string, english: string): string {
  if (!catalogue.has(key) || catalogue.inEnglish(key)) return english;
  if (catalogue.locale !== 'en') {
    // As load/required-messages.ts expectedFingerprint(), which bind does not import (nor its ICU parser).
    const expected = fingerprint(key.startsWith('scale.') ? scaleKey(english) : english);
    if (catalogue.fingerprintOf(key) !== expected) {
      throw error('STALE_TRANSLATION', `the \`${catalogue.locale}\` translation of \`${key}\` was not reviewed against this survey's English “${english}”`, {
        ...(catalogue.whereOf(key) ?? { file: catalogue.file }),
        hint: `check the translation, then run \`surveydeck messages --locale ${catalogue.locale} --accept ${key}\``,
      });
    }
  }
  return catalogue.format(key);
}

/** Slide title for a question: the short wording when there is one. */
export function questionTitle(catalogue: Catalogue, q: QuestionAggregate): string {
  return surveyText(catalogue, `survey.${q.id}.title`, q.shortText ?? stripInstructions(q.text));
}

/**
 * "Which region? (select one)" → "Which region?", "Other - Write In" → "Other" (Alchemer's column of
 * words typed for Other): answering instructions are not a title or a label.
 */
export function stripInstructions(text: string): string {
  return text
    .replace(/\s*\((?:select|please)[^)]*\)\s*$/i, '')
    .replace(/\s*[-–:]\s*(?:write[- ]in|please specify)\s*$/i, '')
    .trim();
}

/** The keys of the three NPS groups' labels in the templates' catalogues: the deck's words, not the survey's. */
const NPS_GROUP_KEYS: Record<string, string> = { detractors: 'question.npsDetractors', passives: 'question.npsPassives', promoters: 'question.npsPromoters' };

export function optionLabel(catalogue: Catalogue, q: QuestionAggregate, code: string, english: string): string {
  // An NPS question's options are its three groups, named in the deck's language (a survey may still word them).
  const group = q.nps ? NPS_GROUP_KEYS[code] : undefined;
  return surveyText(catalogue, `survey.${q.id}.options.${code}`, group ? catalogue.format(group) : stripInstructions(english));
}

export function itemLabel(catalogue: Catalogue, q: QuestionAggregate, code: string, english: string): string {
  return surveyText(catalogue, `survey.${q.id}.items.${code}`, english);
}

/**
 * A segment's name (`size:small`) in the deck's language: the spec's `short` or `label` (the
 * aggregates carry it), translated as survey wording under `survey.segments.<dimension>.<id>`.
 */
export function segmentLabel(catalogue: Catalogue, segment: string, segments: Aggregates['segments']): string {
  const [dimension, value] = segment.split(':', 2);
  const def = segments[dimension]?.find((d) => d.id === segment);
  return surveyText(catalogue, `survey.segments.${dimension}.${value}`, def?.short ?? def?.label ?? segment);
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
