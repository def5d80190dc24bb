// Ingest stage: the survey spec (YAML, version 2), the one owner of per-survey semantics: which
// export and how to read it, what each question is (kind, options, non-answers, scale), who was
// asked, which rows to remove, segments, findings and trends. Nothing about a particular survey
// is known to the code; it is all here, in the survey's own language.
// Reads the file; errors name the file, the JSON path and the YAML line.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { SurveydeckError, error, type Diagnostic } from '../diagnostics.js';
import { jsonPath } from '../load/zod-diagnostics.js';
import { INPUT_LIMITS, readBoundedFile } from '../load/input-bounds.js';
import { decodeUtf8 } from '../load/xml-text.js';
import { CHART_ROWS, LOCALES } from '../ir.js';
import { isTextEncoding } from './utf8.js';
import { INPUT_FORMATS, type InputFormat } from './input-formats.js';

export const SPEC_VERSION = 2;

/** The longest `short:` title of a question (a slide's title line or two). */
export const SHORT_TITLE_MAX = 90;

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const code = z.union([z.string(), z.number()]).transform(String);
/** Question ids are free-form (`q12`, `Q3_2`, `satisfaction`), compared as written. */
const questionId = z.string().min(1).max(200);

/**
 * A declarative condition (never an expression that is evaluated): the answer to a question (or to
 * one row of a grid) is one of `codes`, or a metadata column holds one of `values`. `not: true`
 * negates it.
 */
export const conditionSchema = z.union([
  z.object({ question: questionId, item: code.optional(), codes: z.array(code).min(1), not: z.boolean().optional() }).strict(),
  z.object({ column: z.string().min(1), values: z.array(z.string()).min(1), not: z.boolean().optional() }).strict(),
]);
export type Condition = z.infer<typeof conditionSchema>;

const answers = z.object({ question: questionId, codes: z.array(code).min(1) }).strict();

export { INPUT_FORMATS, type InputFormat };

/**
 * `grid-multi`: a grid whose rows each take several levels (free and paid); `ranking`: every item gets
 * a rank (1 = first); `nps`: a 0–10 "how likely to recommend" scale, scored promoters − detractors.
 */
export const SPEC_KINDS = ['single', 'multi', 'grid', 'grid-multi', 'ranking', 'numeric', 'nps', 'text'] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

const encoding = z
  .string()
  .min(1)
  .refine(isTextEncoding, { message: 'not an encoding TextDecoder knows (e.g. windows-1252, shift_jis, gbk, utf-16le)' });

const input = z
  .object({
    /** How the export is laid out; detected (and said so) when omitted. */
    format: z.enum(INPUT_FORMATS).optional(),
    /** The export, relative to the spec's folder (or to --input-dir). */
    file: z.string().min(1).optional(),
    /** SurveyMonkey reference model, if the survey has one. */
    model: z.string().min(1).optional(),
    /** Cell delimiter of a text export; default ',' (tab for .tsv). */
    delimiter: z.string().length(1).optional(),
    /**
     * Encoding of a text export, where it is not UTF-8 (UTF-16 is read by its byte-order mark): Excel's
     * "CSV" on Windows writes the system's code page, `windows-1252` in Western Europe and the
     * Americas, `shift_jis` in Japan, `gbk` in China. Any name the WHATWG Encoding standard knows.
     */
    encoding: encoding.optional(),
    /** Whether answer cells hold option codes or option labels (Qualtrics "choice text", tidy exports). */
    values: z.enum(['codes', 'labels']).optional(),
    /** Multi-select answers joined in one cell with this separator (Google Forms: ", "). Split by
     * matching the declared option labels, never blindly. */
    separator: z.string().min(1).optional(),
    /**
     * What a ticked box holds in an option's own column ("Question [Option]", LimeSurvey's "Yes",
     * Qualtrics' "1"); the option's label always counts as ticked. `unchecked`: what an unticked box
     * holds besides an empty cell ("No"). Any other value is an error naming its cell.
     */
    checked: z.array(z.string().min(1)).min(1).optional(),
    unchecked: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Cells that mean no answer, read as empty in every column: Qualtrics's "-99" (its export option
     * "recode seen but unanswered questions as -99"), a statistics package's missing-value codes.
     */
    missing: z.array(z.string().min(1)).min(1).optional(),
    /** Metadata columns by their header name. */
    columns: z
      .object({
        respondentId: z.string().min(1).optional(),
        /** Start of the response: the earliest gives the fieldwork start date. */
        started: z.string().min(1).optional(),
        /** End of the response: the latest gives the fieldwork end date. */
        ended: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /** A weight column: shares are weighted; bases keep the unweighted and effective (Kish) n. */
    weight: z.string().min(1).optional(),
  })
  .strict();

const option = z
  .object({
    code,
    label: z.string().min(1),
    /** Other spellings of the label in the export (a typo, an older wording). */
    aliases: z.array(z.string().min(1)).optional(),
    /** NPS: the score (0–10) this option stands for, where neither its code nor its label is that number. */
    value: z.number().int().min(0).max(10).optional(),
    /** Tidy exports: the column that is this option's box, by its header, where the header is not "Question [Option]" (Typeform heads a choice's column with the choice alone). */
    column: z.string().min(1).optional(),
  })
  .strict();

/** A numeric answer's bucket: `min` ≤ value ≤ `max` (either end open when omitted). */
const bucket = z
  .object({ code: code.optional(), label: z.string().min(1), min: z.number().optional(), max: z.number().optional() })
  .strict();

/** A net: a named group of option (grid: level) codes counted once per respondent ("Satisfied" = 4, 5). */
const net = z.object({ id, label: z.string().min(1), codes: z.array(code).min(1) }).strict();

/**
 * Which open-ended answers the full-results appendix quotes, as data (never a pattern that is run):
 * answers shorter than `minLength` or containing (case-insensitively) any `exclude` text are left
 * out; at most `max` per question, each cut to `maxLength` characters.
 */
const verbatims = z
  .object({
    show: z.boolean().optional(),
    max: z.number().int().min(1).max(500).optional(),
    minLength: z.number().int().min(1).optional(),
    maxLength: z.number().int().min(20).max(1000).optional(),
    exclude: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type VerbatimsSpec = z.infer<typeof verbatims>;

const question = z
  .object({
    kind: z.enum(SPEC_KINDS).optional(),
    /** Full wording, where the export does not have it. */
    text: z.string().min(1).optional(),
    /** Header of the export column(s) if it differs from the question id (tidy exports: the question text). */
    column: z.string().min(1).optional(),
    /** Section (page) the question belongs to; a reference model's page otherwise. */
    section: code.optional(),
    /** Options in the order charts show them (grid: the scale's levels). */
    options: z.array(option).min(1).optional(),
    /** Grid rows (items), with the column each is in for condensed and tidy exports. */
    rows: z.array(z.object({ code, label: z.string().min(1), column: z.string().min(1).optional() }).strict()).min(1).optional(),
    /** Label fixes where the export's wording is wrong: code → label. */
    labels: z.record(z.string(), z.string().min(1)).optional(),
    /** Respondents could type their own answer ("Other: …"): text matching no option counts as `other`. */
    otherText: z.boolean().optional(),
    /**
     * Codes that are not substantive answers: `dontKnow` ("Don't know") and `noAnswer` ("Prefer not to
     * say", "Not applicable", "N/A") are out of the base when `base.nonAnswers` excludes non-answers, and
     * the footnote names them; `other` and `none` stay in the base but are never ranked or named "most".
     * A numeric question's are its answers in words ("Prefer not to say" beside ages), as written.
     */
    nonAnswers: z
      .object({ dontKnow: z.array(code).optional(), noAnswer: z.array(code).optional(), other: z.array(code).optional(), none: z.array(code).optional() })
      .strict()
      .optional(),
    /** An ordered scale: which end is good and which level is neutral. */
    scale: z
      .object({ polarity: z.enum(['ascending', 'descending']), neutral: code.optional() })
      .strict()
      .optional(),
    /** Options form an ordered list (sizes, counts, time spans): charts keep their order. */
    ordered: z.boolean().optional(),
    short: z.string().min(1).max(SHORT_TITLE_MAX, `a short title has at most ${SHORT_TITLE_MAX} characters`).optional(),
    /**
     * Short labels for charts whose full labels cannot fit at the audience's smallest type: code →
     * label, of the answers a chart lists, so a grid's (and a ranking's) are its rows' (`rows` codes;
     * its levels are the legend).
     */
    shortLabels: z.record(z.string(), z.string().min(1)).optional(),
    /** Numeric: answers counted in these buckets (default: one per value, or even ranges when there are many). */
    buckets: z.array(bucket).min(1).optional(),
    /**
     * Numeric: answers written as words and the number each is counted as (an open end of a range,
     * "Less than 1 year": 0, "More than 50 years": 51). Means and medians then count these numbers.
     */
    numbers: z.record(z.string().min(1), z.number()).optional(),
    /** Named groups of codes, counted once per respondent (a multi-choice respondent with two of them counts once). */
    nets: z.array(net).min(1).optional(),
    /** An ordered scale's best `topBox` options (by `scale.polarity`), as a net `top<N>box`. */
    topBox: z.number().int().min(1).max(3).optional(),
    /** Ranking: the share of respondents ranking each item within the first `top` places (default 3). */
    ranking: z.object({ top: z.number().int().min(1).max(10) }).strict().optional(),
    /** Open-ended: which answers the verbatim appendix quotes (overrides the spec-wide `verbatims`). */
    verbatims: verbatims.optional(),
    /** Leave the question out of the aggregates. */
    exclude: z.boolean().optional(),
    /** `false`: counted, but no slide of its own in full results (a screener everyone left answered alike). */
    slide: z.literal(false).optional(),
    /** In the reference model but not in the export (e.g. removed personal details), and why. */
    notInExport: z.string().min(1).optional(),
    /** Who was asked: any of these conditions (besides the population of its section). */
    asked: z.array(conditionSchema).min(1).optional(),
  })
  .strict();
export type QuestionSpec = z.infer<typeof question>;

const segment = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    label: z.string().min(1),
    /** A shorter name for chart legends and bases ("Small (under 50)"); translated as `survey.segments.<dimension>.<id>`. */
    short: z.string().min(1).optional(),
    /** Words that follow "respondents …" in a base description, e.g. "at organizations with 10,000 or more employees". */
    phrase: z.string().min(1),
    codes: z.array(code).min(1),
  })
  .strict();

/** Whether non-answers ("Don't know") count in a base: `exclude` leaves them out and the footnote says how many. */
const basePolicy = z.object({ nonAnswers: z.enum(['exclude', 'include']) }).strict();
export type BasePolicy = z.infer<typeof basePolicy>;

const finding = z
  .object({
    question: questionId,
    item: code.optional(),
    /** The answers counted; or `net`, one of the question's nets (then `codes` is the net's). */
    codes: z.array(code).min(1).optional(),
    net: id.optional(),
    /** `dimension:segment`, a segment the spec defines. */
    segment: z.string().regex(/^[a-z]+:[a-z0-9-]+$/).optional(),
    /** Overrides the question's base policy (then the finding's base differs from its chart's: say why). */
    base: basePolicy.optional(),
    /** Why these codes, in words; kept in the spec for the reader. */
    why: z.string().optional(),
    published: z.object({ share: z.number().min(0).max(1), note: z.string().min(1) }).strict().optional(),
  })
  .strict();

const filterRule = z
  .object({
    /** Named in the summary: "removed 12 rows (screener)". */
    name: id,
    why: z.string().optional(),
    /** A row is removed when any of these holds. */
    removeIf: z.array(conditionSchema).min(1),
  })
  .strict();

// A deck manifest names a finding by its path (`findings.renewing`); the spec by its id alone: said so.
const findingId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, {
  error: (issue) =>
    typeof issue.input === 'string' && issue.input.startsWith('findings.')
      ? 'a finding id, without `findings.` (the spec names findings by id; deck manifests by path)'
      : 'a finding id (camelCase)',
});
const segmentId = z.string().regex(/^[a-z]+:[a-z0-9-]+$/, 'a segment as `dimension:segment`');
/**
 * A claim: a sentence's condition, evaluated on the aggregates at build time. Catalogues give one
 * sentence per outcome (ICU `select` on the claim's name); deck manifests refer to claims by name.
 */
export const claimSchema = z.discriminatedUnion('kind', [
  /** Finding a against finding b (segments, populations): higher | level | lower, tested. */
  z.object({ kind: z.literal('compare'), a: findingId, b: findingId, why: z.string().optional() }).strict(),
  /** Every answer of a question, segment a against segment b: differ | level (Holm across the answers). */
  z.object({ kind: z.literal('segments'), question: questionId, segments: z.tuple([segmentId, segmentId]), why: z.string().optional() }).strict(),
  /** The top answers of a question (never a non-answer) or the top findings of a list: clear | tied. */
  z
    .object({
      kind: z.literal('rank'),
      question: questionId.optional(),
      findings: z.array(findingId).min(2).optional(),
      top: z.number().int().min(1).max(3).default(1),
      why: z.string().optional(),
    })
    .strict(),
  /** A share (a finding, some codes, or the top N answers) against a threshold: above | below. */
  z
    .object({
      kind: z.literal('share'),
      finding: findingId.optional(),
      question: questionId.optional(),
      codes: z.array(code).min(1).optional(),
      top: z.number().int().min(1).max(3).optional(),
      threshold: z.number().gt(0).lt(1),
      why: z.string().optional(),
    })
    .strict(),
  /** This wave against the earlier one on some codes of a question with a trend: higher | level | lower. */
  z.object({ kind: z.literal('waves'), question: questionId, codes: z.array(code).min(1), why: z.string().optional() }).strict(),
  /**
   * In a segment's deck (`build --per`): a finding in the segment against the rest of the survey:
   * higher | level | lower, tested on effective bases. Decks of the whole survey leave out slides naming it.
   */
  z.object({ kind: z.literal('rest'), finding: findingId, why: z.string().optional() }).strict(),
]);

const claimName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a claim name (camelCase)');
/** A message key, as in the catalogues: `highlights.genai.title`, `exec.genai.notes`. */
const messageKey = z.string().regex(/^[A-Za-z][\w-]*(\.[\w-]+)*$/, 'a message key such as `highlights.genai.title`');

/** The chart of a highlight: which question, how its rows are built, and which bars stand out. */
const highlightChart = z
  .object({
    /** options: one bar per answer; items: one stacked bar per grid row (levels: one bar per level, for a multi-level grid); trend: this wave against the earlier one;
     * segments: answers by segment (`by`, `segments`); findings: one bar per finding (`findings`). */
    rows: z.enum(CHART_ROWS),
    question: questionId.optional(),
    /** Chart spec in templates/charts; default by rows: bar-horizontal (options, findings), stacked-100 (items), grouped-bars (trend, segments). */
    spec: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    /** rows: segments: the dimension (a crosstab) and the two or more segments drawn. */
    by: id.optional(),
    segments: z.array(segmentId).min(1).optional(),
    /** rows: findings: the findings drawn, one bar each. */
    findings: z.array(findingId).min(1).optional(),
    /** Keep only the top N answers by share. */
    top: z.number().int().positive().optional(),
    /** Findings whose bars are highlighted (their sum is checked against the printed figure); default: the highlight's `finding` when the chart draws its question. */
    highlight: z.array(findingId).optional(),
    /** A `segments` claim whose per-answer tests mark the bars (▲/▼). */
    marks: claimName.optional(),
  })
  .strict();

/**
 * A highlight: one slide of the executive briefing and the talk, declared by the survey. Its
 * sentences are the messages under `highlights.<id>.` in the survey's catalogues (title, takeaway,
 * notes …, by the role the slide template gives them); `text:` maps a role to another key.
 */
export const highlightSchema = z
  .object({
    /** Names the highlight's messages (`highlights.<id>.title`) and the slide (its key in the deck). */
    id: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a highlight id (camelCase)'),
    /**
     * A question's own slide, as full results draws it: its chart by its kind and a takeaway computed
     * from the data, so no sentence is written for it. Only `decks` goes with it.
     */
    question: questionId.optional(),
    /** Slide template (templates/slides); default: `chart` with a chart, `big-numbers` with kpis, else `bullets`. */
    template: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    /** The headline figure: its share, count and base n are the message arguments `share`, `count` and `n`. */
    finding: findingId.optional(),
    /** big-numbers: two to four findings, each printed with its phrase (`finding.<id>`) and base. */
    kpis: z.array(findingId).min(2).max(4).optional(),
    chart: highlightChart.optional(),
    /** Claims the highlight's sentences rest on (declared under `claims:`). */
    claims: z.array(claimName).default([]),
    /** More message arguments, as paths into the aggregates: `findings.ospoSmall.share`, `survey.respondents`. */
    args: z.record(z.string().regex(/^[a-zA-Z][A-Za-z0-9]*$/, 'an argument name'), z.string().min(1)).default({}),
    /** Message keys by role, where they are not `highlights.<id>.<role>`. */
    text: z.record(z.string().regex(/^[a-zA-Z][A-Za-z0-9]*$/, 'a role name'), messageKey).default({}),
    /** Decks (templates/decks names) that show it; default: every deck that shows highlights. */
    decks: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1).optional(),
    /** Takes the place of a deck's own slide of this `slot` (e.g. `sources`) instead of joining the list. */
    replaces: z.string().regex(/^[a-z][A-Za-z0-9-]*$/).optional(),
  })
  .strict();
export type HighlightSpec = z.infer<typeof highlightSchema>;

export const surveySpecSchema = z
  .object({
    version: z.literal(SPEC_VERSION),
    survey: z
      .object({
        id,
        title: z.string().min(1),
        year: z.number().int(),
        name: z.string().optional(),
        /**
         * The language the survey's own wording (question texts, answers, the spec's titles) is written
         * in; English unless said. Its decks are built by default, and show that wording untranslated.
         */
        language: z.enum(LOCALES).optional(),
      })
      .strict(),
    source: z
      .object({
        publisher: z.string().min(1),
        title: z.string().min(1),
        license: z.string().min(1),
        licenseUrl: z.string().url(),
        dataUrl: z.string().url(),
        attribution: z.string().min(1),
      })
      .strict(),
    input: input.default({ columns: {} }),
    /** Which guesses from English wording the spec allows (question kinds, "Don't know", "Other"). */
    detect: z.object({ englishLabels: z.boolean().default(false) }).strict().default({ englishLabels: false }),
    /** Rows removed before counting, by named rule. */
    filters: z.array(filterRule).default([]),
    questions: z.record(questionId, question).default({}),
    /** Titles of the sections named by questions' `section` (a reference model has its own pages). */
    sections: z.record(z.string(), z.object({ title: z.string().min(1) }).strict()).default({}),
    populations: z.record(
      id,
      z
        .object({
          /** Who they are, for base descriptions: "respondents with an OSPO". */
          description: z.string().min(1),
          /** Membership; omitted for everyone. */
          when: answers.optional(),
          /** Sections (reference-model pages, or `section` of questions) shown to this population only. */
          sections: z.array(code),
        })
        .strict(),
    ),
    segments: z.record(id, z.object({ question: questionId, segments: z.array(segment).min(1) }).strict()).default({}),
    /** Segment dimensions to crosstab every single/multi question by. */
    crosstabs: z.array(id).default([]),
    /**
     * One base policy per question: its chart, crosstabs, trend and every finding on it use it, so a
     * headline and the chart beside it share one base. `nonAnswers` is the spec-wide default.
     */
    base: basePolicy
      .extend({
        /** Per-question overrides. */
        questions: z.record(questionId, basePolicy).default({}),
        why: z.string().optional(),
      })
      .strict(),
    thresholds: z
      .object({
        /** Figures on a base under this many respondents carry a small-base flag. */
        smallBase: z.number().int().min(1).default(30),
        /** Figures on a base under this many show counts ("3 of 5") instead of percentages. */
        showCounts: z.number().int().min(0).default(10),
      })
      .strict()
      .default({ smallBase: 30, showCounts: 10 }),
    /** Confidence level of the significance tests behind claims of difference. */
    significance: z.object({ level: z.number().gt(0.5).lt(1).default(0.95) }).strict().default({ level: 0.95 }),
    findings: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase'), finding).default({}),
    /** Sentences' conditions, by name (camelCase: the name is the ICU `select` argument). */
    claims: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase'), claimSchema).default({}),
    /** Open-ended answers quoted in the full-results appendix, for every text question (default: shown, 50 each, 300 characters). */
    verbatims: verbatims.optional(),
    /**
     * What the executive briefing and the talk show, in order: each highlight a slide (a finding with
     * its chart and claim, or the survey's own prose), filtered by `decks:`.
     */
    highlights: z.array(highlightSchema).default([]),
    trend: z
      .object({
        year: z.number().int(),
        /** The earlier wave's export, relative to the spec's folder (or given as --trend). */
        file: z.string().min(1).optional(),
        /** How the earlier export is laid out; detected like the main export when omitted. */
        format: z.enum(INPUT_FORMATS).optional(),
        /** Whether its cells hold codes or labels, and its multi-select separator (default: as `input`). */
        values: z.enum(['codes', 'labels']).optional(),
        separator: z.string().min(1).optional(),
        delimiter: z.string().length(1).optional(),
        /** Its encoding, where it is not UTF-8 (default: as `input`). */
        encoding: encoding.optional(),
        /** Population membership in the earlier survey (its question ids). */
        populations: z.record(id, z.object({ when: answers.optional() }).strict()),
        questions: z.record(
          questionId,
          z
            .object({
              id: questionId,
              /** Header of its column(s) in the earlier export, if not its id (tidy exports: the question text). */
              column: z.string().min(1).optional(),
              /** Earlier code → this year's code where they differ. */
              codeMap: z.record(z.string(), code).optional(),
              why: z.string().optional(),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SurveySpec = z.infer<typeof surveySpecSchema>;

/** Whether a question's bases keep non-answers: its override, else the spec-wide default. */
export function includesNonAnswers(spec: SurveySpec, questionId: string): boolean {
  return (spec.base.questions[questionId] ?? spec.base).nonAnswers === 'include';
}

/** Version 1 keys and where version 2 keeps them: the message for an older spec. */
const V1_MOVES: Record<string, string> = {
  kinds: '`kinds: { <id>: numeric }` → `questions: { <id>: { kind: numeric } }`',
  shortText: '`shortText: { <id>: … }` → `questions: { <id>: { short: … } }`',
  optionLabels: '`optionLabels: { <id>: { <code>: … } }` → `questions: { <id>: { labels: { <code>: … } } }`',
  ordinal: '`ordinal: [<id>]` → `questions: { <id>: { ordered: true } }`',
  notInExport: '`notInExport: { <id>: why }` → `questions: { <id>: { notInExport: why } }`',
};

export async function loadSurveySpec(file: string): Promise<SurveySpec> {
  let bytes: Buffer;
  try {
    // A spec is a few hundred lines (real: 40 KB); a huge file is refused before it is parsed.
    bytes = readBoundedFile(file, INPUT_LIMITS.specBytes, 'the survey spec');
  } catch (cause) {
    if (cause instanceof SurveydeckError) throw cause;
    throw error('MISSING_FILE', `Cannot read the survey spec \`${file}\``, { file }, cause);
  }
  return parseSurveySpec(file, decodeUtf8(bytes, 'INVALID_SURVEY_SPEC', file));
}

export function parseSurveySpec(file: string, text: string): SurveySpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SurveydeckError(
      doc.errors.slice(0, 10).map((e): Diagnostic => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { severity: 'error', code: 'INVALID_SURVEY_SPEC', message: `YAML: ${e.message.split('\n')[0]}`, file, line: pos.line, column: pos.col };
      }),
    );
  }
  let raw: Record<string, unknown> | null;
  try {
    // Aliases that expand exponentially ("billion laughs") stop at the library's alias budget.
    raw = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  } catch (cause) {
    throw error('INVALID_SURVEY_SPEC', `YAML: ${(cause as Error).message.split('\n')[0]}`, { file, hint: 'write the values out instead of repeating anchors (&name) and aliases (*name)' }, cause);
  }
  if (raw && typeof raw === 'object' && raw.version !== SPEC_VERSION) {
    const moves = Object.keys(V1_MOVES).filter((k) => k in raw).map((k) => V1_MOVES[k]);
    const node = doc.get('version', true);
    const at = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    throw error(
      'SPEC_VERSION',
      raw.version === undefined
        ? `The survey spec has no \`version:\`; this surveydeck reads version ${SPEC_VERSION}`
        : `The survey spec is version ${String(raw.version)}; this surveydeck reads version ${SPEC_VERSION}`,
      {
        file,
        line: at.line,
        column: at.col,
        hint: `add \`version: ${SPEC_VERSION}\` at the top${moves.length ? ` and move: ${moves.join('; ')}` : ''}; the export's file and layout go under \`input:\` and disqualifying answers under \`filters:\``,
      },
    );
  }
  const result = surveySpecSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new SurveydeckError(
    result.error.issues.slice(0, 10).map((issue): Diagnostic => {
      // Point at the deepest node that exists on the issue's path (a missing key: its parent).
      let where: { line: number; col: number } | undefined;
      for (let depth = issue.path.length; depth >= 0 && !where; depth--) {
        const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
        if (isNode(node) && node.range) where = lineCounter.linePos(node.range[0]);
      }
      return {
        severity: 'error',
        code: 'INVALID_SURVEY_SPEC',
        message: `${jsonPath(issue.path as (string | number)[])}: ${issue.message}`,
        file,
        line: where?.line,
        column: where?.col,
      };
    }),
  );
}

/**
 * A file the spec names, resolved against `baseDir` (the spec's folder, or --input-dir). A spec
 * must not reach outside that folder: files elsewhere are given on the command line.
 */
export function resolveSpecFile(specFile: string, baseDir: string, name: string, where: string): string {
  const base = path.resolve(baseDir);
  const resolved = path.resolve(base, name);
  const rel = path.relative(base, resolved);
  // A spec that moves with its folder names its files relative to it, even one inside it.
  if (path.isAbsolute(name) && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    throw error('INVALID_SURVEY_SPEC', `${where}: \`${name}\` is an absolute path: name it relative to the folder ${base}, as \`${rel.split(path.sep).join('/')}\``, { file: specFile });
  }
  if (path.isAbsolute(name) || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw error('INVALID_SURVEY_SPEC', `${where}: \`${name}\` is outside the folder ${base}`, {
      file: specFile,
      hint: 'name files inside the spec\'s folder (or --input-dir), or give this one on the command line',
    });
  }
  // A symbolic link inside the folder may point out of it: the file it names must be inside too.
  if (existsSync(resolved) && existsSync(base)) {
    const real = path.relative(realpathSync(base), realpathSync(resolved));
    if (real.startsWith('..') || path.isAbsolute(real)) {
      throw error('INVALID_SURVEY_SPEC', `${where}: \`${name}\` is a link to a file outside the folder ${base}`, {
        file: specFile,
        hint: 'copy the file into the spec\'s folder (or --input-dir), or give it on the command line',
      });
    }
  }
  return resolved;
}

/** The per-question declarations for `id` (an empty one when the spec says nothing). */
export function questionSpec(spec: SurveySpec, qid: string): QuestionSpec {
  return spec.questions[qid] ?? {};
}
