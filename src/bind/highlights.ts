// Bind stage: a survey's highlights (Aggregates['highlights'], from the survey spec) → deck slide
// entries, so that the executive briefing and the talk name no survey's findings. Pure.
//
//   highlight { id, finding, chart, claims, args, text } ─▶ SlideEntry { template, text keys, args
//   (paths), bind (kpis), chart (paths) } ─▶ bound like any manifest slide
import { error } from '../diagnostics.js';
import type { Highlight } from '../ir.js';
import type { Catalogue } from '../load/catalogue.js';
import type { SlideEntry } from '../load/decks.js';

/**
 * The highlights a deck lists at `foreach: highlights`, in the spec's order: those whose `decks`
 * name it, and (`include: all`) those that name no deck; never one that fills a slot.
 */
export function highlightsFor(highlights: Highlight[], audience: string, include: 'all' | 'named' = 'all'): Highlight[] {
  return highlights.filter((h) => !h.replaces && (h.decks ? h.decks.includes(audience) : include === 'all'));
}

/** The highlight that takes the place of a deck's own slide in `slot`, if the survey declares one for this deck. */
export function slotHighlight(highlights: Highlight[], audience: string, slot: string): Highlight | undefined {
  return highlights.find((h) => h.replaces === slot && (!h.decks || h.decks.includes(audience)));
}

/**
 * A highlight as a manifest entry. Its sentences are the catalogue's messages under
 * `highlights.<id>.` (role = the key's last part) unless `text` names others; its finding gives the
 * arguments `share`, `count` and `n`.
 */
export function highlightEntry(h: Highlight, catalogue: Catalogue, where: { file: string; line: number }): SlideEntry {
  const prefix = `highlights.${h.id}.`;
  const text: Record<string, string> = {};
  for (const key of catalogue.keys()) {
    const role = key.startsWith(prefix) ? key.slice(prefix.length) : '';
    if (role && !role.includes('.')) text[role] = key;
  }
  Object.assign(text, h.text);
  if (!text.title) {
    throw error('MISSING_MESSAGE', `highlight \`${h.id}\` has no title: message \`${prefix}title\` is missing from the \`${catalogue.locale}\` catalogue`, {
      ...where,
      hint: `add \`${prefix}title\` (and its other sentences: takeaway, notes …) to the survey's ${catalogue.locale} catalogue, or name a key in the highlight's \`text: { title: … }\``,
    });
  }
  const args: Record<string, string> = h.finding
    ? { share: `findings.${h.finding}.share`, count: `findings.${h.finding}.count`, n: `findings.${h.finding}.base.n` }
    : {};
  Object.assign(args, h.args);
  const c = h.chart;
  return {
    template: h.template,
    text,
    args,
    bind: h.kpis ? { kpis: h.kpis.map((f) => `findings.${f}`) } : {},
    claims: h.claims,
    ...(c
      ? {
          chart: {
            spec: c.spec,
            rows: c.rows,
            ...(c.question ? { question: `questions.${c.question}` } : {}),
            ...(c.by ? { by: c.by } : {}),
            ...(c.segments ? { segments: c.segments } : {}),
            ...(c.findings ? { findings: c.findings.map((f) => `findings.${f}`) } : {}),
            ...(c.top ? { top: c.top } : {}),
            highlight: c.highlight.map((f) => `findings.${f}`),
            ...(c.marks ? { marks: c.marks } : {}),
          },
        }
      : {}),
    line: where.line,
  };
}
