// Load stage: which messages a locale must have, whether its messages take the same arguments as
// English, and whether each translation was reviewed against the English text shown today (its
// fingerprint). Pure. English survey wording comes from the aggregates; every other locale should
// translate every question, option, item, scale level and section it may show.
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import type { Aggregates, Locale } from '../ir.js';
import { languageName } from './survey-language.js';
import { scaleKey, stripInstructions } from '../bind/labels.js';
import { isSurveyWording, type Catalogue } from './catalogue.js';
import { fingerprint } from './fingerprint.js';

export { fingerprint };

/**
 * The fingerprint `key`'s translation must record when it stands for `english`. A scale level is keyed
 * by its English made into a slug, so two spellings differing only in case or punctuation share one
 * translation: its fingerprint is of the slug, the same for both spellings.
 */
export function expectedFingerprint(key: string, english: string): string {
  return fingerprint(key.startsWith('scale.') ? scaleKey(english) : english);
}

/** Every key a non-English catalogue needs, with its English text. */
export function requiredMessages(aggregates: Aggregates, english: Catalogue): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of english.keys()) out.set(key, english.source(key)!);
  // A survey without sections has one untitled section, which gets no divider and needs no translation.
  for (const section of aggregates.sections) if (section.title) out.set(`survey.sections.${section.id}`, section.title);
  // Every segment may be named: in a chart by segment, a finding's base, or its own deck's title (build --per).
  for (const [dimension, defs] of Object.entries(aggregates.segments)) {
    for (const d of defs) out.set(`survey.segments.${dimension}.${d.id.slice(dimension.length + 1)}`, d.short ?? d.label);
  }
  const scales = new Set<string>();
  for (const q of Object.values(aggregates.questions)) {
    out.set(`survey.${q.id}.title`, q.shortText ?? stripInstructions(q.text));
    // A ranking's options are its items again (charted by the share ranking each first): translated once, as items.
    // An NPS question's options are its three groups, worded by the templates' catalogues.
    if (!q.ranking && !q.nps) for (const o of q.options) out.set(`survey.${q.id}.options.${o.code}`, stripInstructions(o.label));
    // The spec's short labels (of options, or of a grid's rows), for a chart whose full labels cannot fit at its audience's smallest type.
    for (const o of q.options) if (o.shortLabel) out.set(`survey.${q.id}.shortLabels.${o.code}`, o.shortLabel);
    for (const net of q.nets ?? []) out.set(`survey.${q.id}.nets.${net.id}`, net.label);
    for (const item of q.items ?? []) {
      out.set(`survey.${q.id}.items.${item.code}`, item.label);
      if (item.shortLabel) out.set(`survey.${q.id}.shortLabels.${item.code}`, item.shortLabel);
      for (const level of item.levels) scales.add(level.label);
    }
  }
  for (const level of scales) out.set(`scale.${scaleKey(level)}`, level);
  return out;
}

/** Argument names a message uses: `{n, plural, …}` → n. */
export function messageArguments(source: string): Set<string> {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if ('value' in el && typeof el.value === 'string' && el.type !== TYPE.literal) names.add(el.value);
      if ('options' in el) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(source, { ignoreTag: true }));
  return names;
}

export interface CatalogueProblem {
  key: string;
  problem: 'missing' | 'arguments' | 'unused' | 'stale';
  detail?: string;
}

/** The language `key`'s source text is written in: the survey's for its own wording, English for the rest. */
function sourceOf(key: string, language: Locale): Locale {
  return isSurveyWording(key) ? language : 'en';
}

/**
 * Whether `key` of `locale`'s catalogue is a translation: in any locale but its source's (English, or
 * for the survey's own wording the language the survey is written in).
 */
export function isTranslation(locale: Locale, key: string, language: Locale = 'en'): boolean {
  return locale !== sourceOf(key, language);
}

/** Compare a catalogue against the required keys: missing keys, and messages whose arguments differ from English. */
export function checkCatalogue(required: Map<string, string>, catalogue: Catalogue, language: Locale = 'en'): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const [key, english] of required) {
    const source = catalogue.source(key);
    // The source's own text (English, or the survey's wording in its language) is no translation, and needs none.
    const translation = isTranslation(catalogue.locale, key, language);
    if (source === undefined || catalogue.inEnglish(key)) {
      if (translation) problems.push({ key, problem: 'missing' });
      continue;
    }
    if (translation) {
      const recorded = catalogue.fingerprintOf(key);
      const expected = expectedFingerprint(key, english);
      const from = languageName(sourceOf(key, language));
      if (recorded !== expected) {
        problems.push({ key, problem: 'stale', detail: recorded === undefined ? `no fingerprint: never reviewed against the ${from} text` : `the ${from} text changed since the translation was reviewed (fingerprint ${recorded}, ${from} now ${expected})` });
      }
    }
    const want = [...messageArguments(english)].sort().join(', ');
    const got = [...messageArguments(source)].sort().join(', ');
    if (want !== got) problems.push({ key, problem: 'arguments', detail: `English uses {${want}}, ${catalogue.locale} uses {${got}}` });
  }
  for (const key of catalogue.keys()) if (!required.has(key)) problems.push({ key, problem: 'unused' });
  return problems;
}

/**
 * STALE_TRANSLATION for each translation whose English text is not the one it was reviewed against
 * (or that records no fingerprint): the deck would show a translation of some other text, such as
 * another survey's question. English needs no check; it is the source.
 */
export function staleTranslations(required: Map<string, string>, catalogue: Catalogue, language: Locale = 'en'): Diagnostic[] {
  if (catalogue.locale === 'en' && language === 'en') return [];
  return checkCatalogue(required, catalogue, language)
    .filter((p) => p.problem === 'stale')
    .map((p) => {
      const where = catalogue.whereOf(p.key);
      const english = required.get(p.key)!;
      const shown = english.length > 80 ? `${english.slice(0, 79)}…` : english;
      const source = languageName(sourceOf(p.key, language));
      return error('STALE_TRANSLATION', `the \`${catalogue.locale}\` translation of \`${p.key}\` is stale: ${p.detail}; ${source}: “${shown}”`, {
        ...(where ?? { file: catalogue.file }),
        hint: `check the translation against the ${source}, then run \`surveydeck messages --locale ${catalogue.locale} --accept ${p.key}\``,
      }).diagnostics[0];
    });
}

/**
 * One warning per locale: survey wording (its questions, or its English over a generic text) with no
 * translation, shown as written. In the language the survey is written in (`language`), its questions
 * and answers need none; only texts of its English catalogue shown there for want of one count.
 */
export function untranslatedWording(required: Map<string, string>, catalogue: Catalogue, surveyDir: string, language: Locale = 'en'): Diagnostic[] {
  if (catalogue.locale === 'en' && language === 'en') return [];
  const own = catalogue.locale === language;
  const missing = [...required.keys()].filter((k) => (!own && isSurveyWording(k) && !catalogue.has(k)) || catalogue.inEnglish(k));
  if (missing.length === 0) return [];
  const shownIn = language === 'en' || catalogue.inEnglish(missing[0]) ? 'English' : languageName(language);
  return [
    warning('MISSING_TRANSLATION', `${missing.length} text${missing.length === 1 ? '' : 's'} of the survey ha${missing.length === 1 ? 's' : 've'} no \`${catalogue.locale}\` translation and show${missing.length === 1 ? 's' : ''} in ${shownIn} (first: \`${missing[0]}\`)`, {
      file: path.join(surveyDir, 'locales', `${catalogue.locale}.yaml`),
      hint: `\`surveydeck messages --locale ${catalogue.locale}\` prints them as YAML to translate`,
    }),
  ];
}
