// Ingest stage: label matching between the export headers and the reference model. Pure.
// The two spell the same words differently (’ vs ', trailing full stops, doubled spaces).
import type { NonAnswer } from '../ir.js';

export function normalizeLabel(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[\s.]+$/, '')
    .trim();
}

/** Free-text "Other (please specify)" / "(please explain)" entries. */
export function isOtherLabel(label: string): boolean {
  return /\(please (specify|explain)\)/i.test(label);
}

/** "Don't know or not sure", "Don’t know or not applicable", "DKNS". */
export function isDontKnowLabel(label: string): boolean {
  return /^don.t know\b/i.test(label.trim()) || label.trim().toUpperCase() === 'DKNS';
}

/**
 * An answer that gives none: "Prefer not to say", "Not applicable", "N/A", "No answer" (English, German,
 * French, Spanish, Japanese, Chinese, Korean). "Don't know or not applicable" is a "Don't know" (checked first).
 */
export function isNoAnswerLabel(label: string): boolean {
  return /^(i.d )?(prefer not|rather not|decline|n\/a(?![\p{L}\p{N}])|n\. ?a\.?$|not applicable|no answer|keine angabe|möchte ich nicht|nicht zutreffend|je préfère ne pas|préfère ne pas|sans réponse|non applicable|prefiero no|sin respuesta|no aplica|答えたくない|回答したくない|回答しない|無回答|該当しない|不想回答|拒绝回答|拒絕回答|不适用|不適用|응답하고 싶지 않|답하고 싶지 않|답변하고 싶지 않|무응답|해당 없음|해당없음)/iu.test(label.trim());
}

/** One line of wording: the export wraps some question texts over several lines. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * What kind of non-answer an option is, from its label (today's detection; the survey spec's
 * `nonAnswers` will declare it). Downstream stages read `OptionStat.nonAnswer`, never the label.
 */
export function nonAnswerOf(label: string, code: string): NonAnswer | undefined {
  if (isDontKnowLabel(label)) return 'dontKnow';
  if (isNoAnswerLabel(label)) return 'noAnswer';
  if (code === 'other' || isOtherLabel(label) || /^other\b/i.test(label.trim())) return 'other';
  if (/^(none|nothing|no one)\b/i.test(label.trim())) return 'none';
  return undefined;
}
