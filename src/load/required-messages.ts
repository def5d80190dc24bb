// Load stage: which messages a locale must have, and whether its messages take the same arguments
// as English. Pure. English survey wording comes from the aggregates; every other locale must
// translate every question, option, item, scale level and section it may show.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Aggregates } from '../ir.js';
import { scaleKey, stripInstructions } from '../bind/labels.js';
import type { Catalogue } from './catalogue.js';

/** Every key a non-English catalogue needs, with its English text. */
export function requiredMessages(aggregates: Aggregates, english: Catalogue): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of english.keys()) out.set(key, english.source(key)!);
  for (const section of aggregates.sections) out.set(`survey.sections.${section.id}`, section.title);
  const scales = new Set<string>();
  for (const q of Object.values(aggregates.questions)) {
    out.set(`survey.${q.id}.title`, q.shortText ?? stripInstructions(q.text));
    // A ranking's options are its items again (charted by the share ranking each first): translated once, as items.
    if (!q.ranking) for (const o of q.options) out.set(`survey.${q.id}.options.${o.code}`, stripInstructions(o.label));
    for (const net of q.nets ?? []) out.set(`survey.${q.id}.nets.${net.id}`, net.label);
    for (const item of q.items ?? []) {
      out.set(`survey.${q.id}.items.${item.code}`, item.label);
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
  problem: 'missing' | 'arguments' | 'unused';
  detail?: string;
}

/** Compare a catalogue against the required keys: missing keys, and messages whose arguments differ from English. */
export function checkCatalogue(required: Map<string, string>, catalogue: Catalogue): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const [key, english] of required) {
    const source = catalogue.source(key);
    if (source === undefined) {
      if (catalogue.locale !== 'en') problems.push({ key, problem: 'missing' });
      continue;
    }
    const want = [...messageArguments(english)].sort().join(', ');
    const got = [...messageArguments(source)].sort().join(', ');
    if (want !== got) problems.push({ key, problem: 'arguments', detail: `English uses {${want}}, ${catalogue.locale} uses {${got}}` });
  }
  for (const key of catalogue.keys()) if (!required.has(key)) problems.push({ key, problem: 'unused' });
  return problems;
}
