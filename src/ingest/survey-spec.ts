// Ingest stage: the survey spec (YAML): everything the reference model cannot say: segments,
// populations, what counts as "involved", the base policy for non-answers, short titles, findings, trends.
// Reads the file; errors name the file, the JSON path and the YAML line.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { SurveydeckError, error, type Diagnostic } from '../diagnostics.js';
import { jsonPath } from '../load/zod-diagnostics.js';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const code = z.union([z.string(), z.number()]).transform(String);
const questionId = z.string().regex(/^q\d+$/i, 'expected a question id like `q12`').transform((s) => s.toLowerCase());
const answers = z.object({ question: questionId, codes: z.array(code).min(1) }).strict();

const segment = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    label: z.string().min(1),
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
    codes: z.array(code).min(1),
    /** `dimension:segment`, e.g. `size:large`. */
    segment: z.string().regex(/^[a-z]+:[a-z0-9-]+$/).optional(),
    /** Overrides the question's base policy (then the finding's base differs from its chart's: say why). */
    base: basePolicy.optional(),
    /** Why these codes, in words; kept in the spec for the reader. */
    why: z.string().optional(),
    published: z.object({ share: z.number().min(0).max(1), note: z.string().min(1) }).strict().optional(),
  })
  .strict();

export const surveySpecSchema = z
  .object({
    survey: z
      .object({ id, title: z.string().min(1), year: z.number().int(), name: z.string().optional() })
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
    populations: z.record(
      id,
      z
        .object({
          /** Who they are, for base descriptions: "respondents with an OSPO". */
          description: z.string().min(1),
          /** Membership; omitted for everyone. */
          when: answers.optional(),
          /** Reference-model pages (sections) shown to this population only. */
          sections: z.array(code),
        })
        .strict(),
    ),
    segments: z.record(id, z.object({ question: questionId, segments: z.array(segment).min(1) }).strict()),
    /** Segment dimensions to crosstab every single/multi question by. */
    crosstabs: z.array(id),
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
    /** Kind overrides where the wording does not say (e.g. a numeric entry). */
    kinds: z.record(questionId, z.enum(['single', 'multi', 'grid', 'numeric', 'text'])).default({}),
    /** Questions in the model with no columns in the public export, and why. */
    notInExport: z.record(questionId, z.string().min(1)).default({}),
    /** Questions whose options are an ordered scale (sizes, counts, time spans): charts keep their order. */
    ordinal: z.array(questionId).default([]),
    shortText: z.record(questionId, z.string().min(1).max(90, 'a short title has at most 90 characters')).default({}),
    /** Label fixes: question → code → label (e.g. a typo in the model). */
    optionLabels: z.record(questionId, z.record(z.string(), z.string().min(1))).default({}),
    findings: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase'), finding),
    trend: z
      .object({
        year: z.number().int(),
        /** Population membership in the earlier survey (its question ids). */
        populations: z.record(id, z.object({ when: answers.optional() }).strict()),
        questions: z.record(
          questionId,
          z
            .object({
              id: questionId,
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

export async function loadSurveySpec(file: string): Promise<SurveySpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw error('MISSING_FILE', `Cannot read the survey spec \`${file}\``, { file }, cause);
  }
  return parseSurveySpec(file, text);
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
  const result = surveySpecSchema.safeParse(doc.toJS());
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
        message: `${jsonPath(issue.path)}: ${issue.message}`,
        file,
        line: where?.line,
        column: where?.col,
      };
    }),
  );
}
