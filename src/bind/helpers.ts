// Bind stage: the Handlebars helpers templates use. Pure: each reads the catalogue and locale from
// the render's private data (@catalogue, @locale), so one Handlebars environment serves every locale.
import { respondentsAsked, respondentsIn } from '../stats/kish.js';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import Handlebars from 'handlebars';
import { IntlMessageFormat } from 'intl-messageformat';
import type { HelperOptions } from 'handlebars';
import type { Catalogue, MessageArgs } from '../load/catalogue.js';
import type { Aggregates, Base, Locale, QuestionAggregate } from '../ir.js';
import type { BaseRange } from './chart-rows.js';
import { formatNumber, formatPercent, ratio } from './format.js';
import { optionLabel, questionTitle, segmentLabel, surveyText } from './labels.js';
import { afterCounts, beforeCounts, endsWithCounts } from './partitive.js';

export interface RenderData {
  catalogue: Catalogue;
  locale: Locale;
  /** The survey's segments, whose names a finding's base may quote. */
  segments: Aggregates['segments'];
}

function data(options: HelperOptions): RenderData {
  return options.data as RenderData;
}

type Helper = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Strict mode does not reach helper arguments: `{{t "x" n=survey.yeer}}` would pass undefined and
 * print a wrong sentence. Every helper refuses an undefined argument, with the template position.
 */
function strictHelper(name: string, helper: Helper): Helper {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as HelperOptions & { loc?: { start: { line: number; column: number } } };
    const params = args.slice(0, -1);
    const missing =
      params.findIndex((p) => p === undefined) >= 0
        ? `argument ${params.findIndex((p) => p === undefined) + 1}`
        : Object.entries(options.hash ?? {}).find(([, v]) => v === undefined)?.[0];
    if (missing !== undefined) {
      throw Object.assign(new Error(`\`${name}\`: ${missing} is undefined (a field missing from the data?)`), {
        lineNumber: options.loc?.start.line,
        column: options.loc?.start.column,
      });
    }
    return helper.apply(this, args);
  };
}

/**
 * "respondents with an OSPO who answered (n = 100)" in the catalogue's language. A chart whose bars
 * have bases of their own (`rows`: a grid's rows, findings) names their range in the place of n
 * ("n = 77–97 per bar", `base.rowRange`), so the survey's own wording of its populations is kept.
 */
function baseDescription(catalogue: Catalogue, base: Base & { rows?: BaseRange; total?: boolean }): string {
  // ICU select keys are identifiers: `no-plan` is selected as `no_plan`.
  const args = { population: base.population.replace(/-/g, '_'), n: respondentsIn(base), asked: respondentsAsked(base) };
  // A comparison of segments names each group's base; the question's n is their total ("n = 100 in all").
  const range: Record<string, string> =
    base.rows && base.rows.max > base.rows.min
      ? { n: catalogue.format('base.rowRange', { min: base.rows.min, max: base.rows.max }) }
      : base.total
        ? { n: catalogue.format('base.total', { n: respondentsIn(base) }) }
        : {};
  return withWeighting(catalogue, withExcluded(catalogue, formatCounted(catalogue, 'base.description', args, range), base), base);
}

/**
 * "…, weighted, effective n = 452": weighted data's shares are the weights', and its tests read the
 * effective base (Kish), which the reader is told beside the respondents counted.
 */
function withWeighting(catalogue: Catalogue, described: string, base: Base & { rows?: BaseRange }): string {
  if (base.effectiveN === undefined) return described;
  const sep = catalogue.locale === 'ja' ? '、' : catalogue.locale === 'zh-CN' ? '，' : ', ';
  const spread = base.rows?.effective;
  const range: Record<string, string> =
    spread && Math.round(spread.max) > Math.round(spread.min) ? { n: catalogue.format('base.rowRange', { min: Math.round(spread.min), max: Math.round(spread.max) }) } : {};
  return `${described}${sep}${formatCounted(catalogue, 'base.weighted', { n: Math.round(spread?.min ?? base.effectiveN) }, range)}`;
}

type SmallBaseFigure = { share: number; count: number; base: Base };

/**
 * A figure's counts ("6 of 8") where its base is under the spec's showCounts, else undefined (its
 * percentage is printed). Weighted data prints shares: its counts are sums of weights, no number of
 * people. A suppressed figure (a segment's deck: NaN) prints as the percentage the suppression replaces.
 */
function countsOnSmallBase(catalogue: Catalogue, f: SmallBaseFigure, showCounts = 10): string | undefined {
  if (Number.isNaN(f.share) || f.base.unweightedN !== undefined || f.base.n >= showCounts) return undefined;
  return catalogue.format('figure.counts', { count: f.count, n: f.base.n });
}

/** "…, excl. don't know, 9%": the non-answers a base leaves out, so a reader can rebuild the chart's base. */
export function withExcluded(catalogue: Catalogue, described: string, base: Base & { rows?: BaseRange }): string {
  const spread = base.rows?.excluded;
  if (!base.excluded && !spread) return described;
  const sep = catalogue.locale === 'ja' ? '、' : catalogue.locale === 'zh-CN' ? '，' : ', ';
  // What they answered: "Don't know" unless the ingest names other non-answers ("Prefer not to say").
  const kinds = base.excluded?.kinds ?? spread?.kinds ?? ['dontKnow'];
  const what = kinds.includes('noAnswer') ? (kinds.includes('dontKnow') ? 'both' : 'noAnswer') : 'dontKnow';
  const args = { share: base.excluded?.share ?? 0, count: base.excluded?.count ?? 0, what };
  // Bars that leave out different shares of non-answers: the range of those shares ("3%–23%").
  const range: Record<string, string> = spread ? { share: catalogue.format('base.shareRange', { min: spread.min, max: spread.max }) } : {};
  return `${described}${sep}${formatCounted(catalogue, 'base.excluded', args, range)}`;
}

/**
 * Format a message with some shares printed as counts: each `{x, number, percent}` whose argument is in
 * `counted` becomes the plain argument, given the counts ("3 of 5"). And each `{label}` whose value is an
 * answer label in `midSentence` (label → its form inside a sentence) takes that form where the message
 * sets it after other words of its sentence ("Named most often: {a}; {b}" → "…: develop and execute…"),
 * its own at a sentence's start. Without either, the catalogue formats.
 */
export function formatCounted(catalogue: Catalogue, key: string, args: MessageArgs, counted: Record<string, string>, midSentence: Record<string, string> = {}): string {
  const names = Object.keys(counted).filter((name) => name in args);
  const labels = Object.keys(args).filter((name) => typeof args[name] === 'string' && Object.hasOwn(midSentence, args[name] as string));
  const source = names.length || labels.length ? catalogue.source(key) : undefined;
  if (source === undefined) return catalogue.format(key, args);
  let changed = false;
  const locale = catalogue.locale;
  const inside = (name: string) => `${name}__midSentence`;
  // `before`: the message's text up to the element list (what the sentence has so far).
  const rewrite = (elements: MessageFormatElement[], before: string): MessageFormatElement[] => {
    let text = before;
    const out = elements.map((el): MessageFormatElement => {
      if (el.type === TYPE.literal) {
        text += el.value;
        return el;
      }
      if (el.type === TYPE.argument && labels.includes(el.value) && !startsSentence(text)) {
        changed = true;
        text += 'x';
        return { ...el, value: inside(el.value) };
      }
      if (el.type === TYPE.number && names.includes(el.value)) {
        changed = true;
        text += '0';
        return { type: TYPE.argument, value: el.value, location: el.location };
      }
      if (el.type === TYPE.select || el.type === TYPE.plural) for (const option of Object.values(el.options)) option.value = rewrite(option.value, text);
      if (el.type === TYPE.tag) el.children = rewrite(el.children, text);
      text += 'x';
      return el;
    });
    // Counts carry their own partitive: "2 of 8 respondents", not "2 of 8 of respondents".
    out.forEach((el, i) => {
      if (el.type !== TYPE.argument || !names.includes(el.value) || elements[i].type !== TYPE.number) return;
      const [before, after] = [out[i - 1], out[i + 1]];
      if (before?.type === TYPE.literal) out[i - 1] = { ...before, value: beforeCounts(locale, before.value) };
      if (after?.type === TYPE.literal) out[i + 1] = { ...after, value: afterCounts(locale, after.value) };
    });
    return out;
  };
  let ast: MessageFormatElement[];
  try {
    ast = rewrite(parse(source), '');
  } catch {
    return catalogue.format(key, args); // the catalogue reports a malformed message with its position
  }
  if (!changed) return catalogue.format(key, args);
  catalogue.format(key, args); // the message as written must format too (and is marked used)
  const snapped = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e10) / 1e10 : v]));
  const out = new IntlMessageFormat(ast, catalogue.locale).format({
    ...snapped,
    ...Object.fromEntries(names.map((name) => [name, counted[name]])),
    ...Object.fromEntries(labels.map((name) => [inside(name), midSentence[args[name] as string]])),
  });
  return Array.isArray(out) ? out.join('') : String(out);
}

/** Whether text set after `before` starts a sentence: nothing yet, or after a full stop, a line break or a list marker. */
function startsSentence(before: string): boolean {
  return /(?:^|[.!?。！？]\s|\n)\s*(?:[-*•]\s+|\d+\.\s+)?$/u.test(before) || /^\s*$/.test(before);
}

/** A fresh Handlebars environment with surveydeck's helpers; templates compile against it. */
export function createHandlebars(): typeof Handlebars {
  const env = Handlebars.create();
  const helpers: Record<string, Helper> = {
    /**
     * {{t "key" n=3}}: ICU message in the deck's language; the slide's `args` are always passed. A share
     * the slide counts instead ("3 of 5", bind's `counted`) replaces its `{x, number, percent}`.
     * {{t label after=value}}: a label set after its own value (a KPI), see below.
     * {{t "question.net" share=net.share shareOf=net shareBase=question.base}}: a share with its own count
     * and base (a net), printed as counts ("4 of 5") on a base under the spec's `thresholds.showCounts`.
     */
    t(key: unknown, options: HelperOptions) {
      const root = (options.data as { root?: { args?: MessageArgs; counted?: Record<string, string>; countedFor?: Record<string, number>; midSentence?: Record<string, string>; thresholds?: { showCounts: number } } }).root;
      const { after, shareOf, shareBase, ...hash } = options.hash as MessageArgs & { after?: unknown; shareOf?: { count?: unknown }; shareBase?: Base };
      const { catalogue } = data(options);
      // Counts stand in for the share they were made for: another share passed under that name keeps its percentage.
      const counted = Object.fromEntries(Object.entries(root?.counted ?? {}).filter(([name]) => !(name in hash) || root?.countedFor?.[name] === undefined || root.countedFor[name] === hash[name]));
      if (typeof hash.share === 'number' && typeof shareOf?.count === 'number' && shareBase) {
        const own = countsOnSmallBase(catalogue, { share: hash.share, count: shareOf.count, base: shareBase }, root?.thresholds?.showCounts);
        if (own) counted.share = own;
        else delete counted.share;
      }
      const text = formatCounted(catalogue, String(key), { ...(root?.args ?? {}), ...hash }, counted, root?.midSentence ?? {});
      // `after`: the text printed just before this message in its own run (a KPI's value). When that
      // is counts ("2 of 8"), this label drops the partitive a percentage needed ("of respondents …").
      return typeof after === 'string' && endsWithCounts(catalogue, after) ? afterCounts(catalogue.locale, ` ${text}`).trimStart() : text;
    },
    /** {{pct 0.835}} → "84%" / "84 %": whole percent, half-up. */
    pct(share: unknown, options: HelperOptions) {
      return formatPercent(Number(share), data(options).locale, Number(options.hash.digits ?? 0));
    },
    /** {{date "2024-09-12"}} → a Date for ICU `{d, date, …}` arguments (noon UTC, so no time zone moves the day). */
    date(iso: unknown) {
      const d = new Date(`${String(iso)}T12:00:00Z`);
      if (Number.isNaN(d.getTime())) throw new Error(`\`date\`: \`${String(iso)}\` is not a YYYY-MM-DD date`);
      return d;
    },
    /** {{num 1234}} → "1,234" / "1.234". */
    num(n: unknown, options: HelperOptions) {
      return formatNumber(Number(n), data(options).locale, Number(options.hash.digits ?? 0));
    },
    /** {{ratio a b}} → 4.1: how many times as likely, one decimal. Pair with a "{ratio}×" message. */
    ratio(a: unknown, b: unknown) {
      return ratio(Number(a), Number(b));
    },
    /** {{qtitle question}}: the question's slide title in the deck's language. */
    qtitle(q: QuestionAggregate, options: HelperOptions) {
      return questionTitle(data(options).catalogue, q);
    },
    /** {{label question code}}: an option's label in the deck's language. */
    label(q: QuestionAggregate, code: unknown, options: HelperOptions) {
      const c = String(code);
      const english = q.options.find((o) => o.code === c)?.label ?? c;
      return optionLabel(data(options).catalogue, q, c, english);
    },
    /** {{figure finding}}: "84%", or "3 of 5" when the base is under the spec's `thresholds.showCounts`. */
    figure(f: SmallBaseFigure, options: HelperOptions) {
      const { catalogue, locale } = data(options);
      const root = (options.data as { root?: { thresholds?: { showCounts: number } } }).root;
      return countsOnSmallBase(catalogue, f, root?.thresholds?.showCounts) ?? formatPercent(f.share, locale);
    },
    /** {{sigline text}}: " " + a significance legend line, or nothing. */
    sigline(text: unknown) {
      return typeof text === 'string' && text ? ` ${text}` : '';
    },
    /**
     * {{hiline share n=…}}: " Highlighted bars: 84% together (summed, then rounded).", or nothing. With
     * `n` (a chart whose bars' bases differ), the highlighted bars' own base is named too.
     */
    hiline(share: unknown, options: HelperOptions) {
      if (typeof share !== 'number') return '';
      const n = options.hash.n;
      const { catalogue } = data(options);
      // On a base under showCounts the highlighted bars are counts ("6 of 8"), as the big number beside them.
      const root = (options.data as { root?: { thresholds?: { showCounts: number }; chart?: { highlightFigure?: SmallBaseFigure | null } } }).root;
      const counts = root?.chart?.highlightFigure ? countsOnSmallBase(catalogue, root.chart.highlightFigure, root.thresholds?.showCounts) : undefined;
      const counted: Record<string, string> = counts ? { share: counts } : {};
      return ` ${typeof n === 'number' ? formatCounted(catalogue, 'chart.highlightBase', { share, n }, counted) : formatCounted(catalogue, 'chart.highlight', { share }, counted)}`;
    },
    /** {{yaml value}}: a YAML-safe scalar, for front matter fields filled from data or messages. */
    yaml(value: unknown) {
      return JSON.stringify(String(value ?? ''));
    },
    /** {{concat "finding." id}}: join strings, e.g. to build a message key. */
    concat(...parts: unknown[]) {
      return parts.slice(0, -1).map(String).join('');
    },
    /** {{stitle section}}: a survey section's title in the deck's language. */
    stitle(section: { id: string; title: string }, options: HelperOptions) {
      return surveyText(data(options).catalogue, `survey.sections.${section.id}`, section.title);
    },
    /** {{fbase finding}}: a finding's base, naming its segment when it has one ("Large (10,000+) organizations …"). */
    fbase(finding: { base: Base; segment?: string }, options: HelperOptions) {
      const { catalogue, segments } = data(options);
      if (!finding.segment) return baseDescription(catalogue, finding.base);
      return withWeighting(catalogue, withExcluded(catalogue, catalogue.format('base.segment', { segment: segmentLabel(catalogue, finding.segment, segments), n: respondentsIn(finding.base) }), finding.base), finding.base);
    },
    /**
     * {{verbatim text}}: what a respondent wrote, as literal text on the slide: every ASCII punctuation
     * mark is backslash-escaped, so no Markdown in it (emphasis, links, headings, lists) takes effect.
     */
    verbatim(text: unknown) {
      return String(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
    },
    /** {{netlabel question net}}: a net's name in the deck's language. */
    netlabel(q: QuestionAggregate, net: { id: string; label: string }, options: HelperOptions) {
      return surveyText(data(options).catalogue, `survey.${q.id}.nets.${net.id}`, net.label);
    },
    /** {{base x.base}}: who was asked, and n, e.g. "respondents with an OSPO who answered (n = 100)". */
    base(base: Base, options: HelperOptions) {
      return baseDescription(data(options).catalogue, base);
    },
  };
  for (const [name, helper] of Object.entries(helpers)) env.registerHelper(name, strictHelper(name, helper));
  return env;
}
