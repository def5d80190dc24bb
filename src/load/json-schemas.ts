// Load stage: the published JSON Schemas (schemas/*.schema.json) of the files people write: the survey
// spec, deck manifests and brands. Each is derived from the zod schema that validates that file at load,
// so an editor (through the `# yaml-language-server: $schema=…` line at the top of each shipped file) and
// the build check the same thing, and a field added to a zod schema reaches its JSON Schema and the
// reference page (docs/reference.md) with `npm run schemas`. Pure.
//
//   zod schema ─▶ z.toJSONSchema ─▶ + descriptions by field path (FIELD_DOCS) ─▶ schemas/<id>.schema.json
//                                  └▶ fieldRows ─▶ the tables of docs/reference.md
import { z } from 'zod';
import { SPEC_VERSION, surveySpecSchema } from '../ingest/survey-spec.js';
import { brandFileSchema } from './brands.js';
import { deckSchema } from './decks.js';

export type SchemaId = 'survey-spec' | 'deck-manifest' | 'brand';

export interface PublishedSchema {
  id: SchemaId;
  /** `schemas/<id>.schema.json`, relative to the project root. */
  file: string;
  title: string;
  description: string;
  /** The files it describes, relative to the project root (a `*` stands for one folder or file name). */
  files: string;
  zod: z.ZodType;
  /**
   * Descriptions by field path (`slides[].chart.spec`, `questions.*.kind`) for the fields whose zod
   * schema has none: kept here rather than in the zod schemas so that the modules that own those stay
   * as they are. A path no longer in the schema fails a test (test/load/json-schemas.test.ts).
   */
  fields: Record<string, string>;
}

export const PUBLISHED_SCHEMAS: Record<SchemaId, PublishedSchema> = {
  'survey-spec': {
    id: 'survey-spec',
    file: 'schemas/survey-spec.schema.json',
    title: `surveydeck survey spec, version ${SPEC_VERSION}`,
    description:
      'Everything about one survey that its export cannot say: the export and how to read it (input), which rows to remove (filters), what each question is (questions: kind, options, nonAnswers, scale, asked), populations, segments, the base policy, findings, claims, highlights (the slides of the executive briefing and the talk) and trends. See README.md, "Use your own survey", and docs/reference.md.',
    files: 'data/*/survey.yaml',
    zod: surveySpecSchema,
    fields: {
      version: `The spec format's version: ${SPEC_VERSION}. A spec written for an older one gets a message with the change to make.`,
      survey: 'Which survey this is: an id (the folder name), its title and year.',
      'survey.language': "The language the survey's wording (questions, answers) is written in, when not English: its decks are built in it by default and show that wording as written; English becomes a translation.",
      'questions.*.numbers': 'Numeric: answers written as words and the number each counts as ("Less than 1 year": 0, "More than 50 years": 51); any other word is an error.',
      source: 'Who published the data and under which licence: printed on the sources slide and in every footer.',
      input: 'The export: its file, its format (detected when left out), columns to read, an optional weight column.',
      detect: 'Which guesses from English wording are allowed (question kinds, "Don\'t know", "Other"); none unless set.',
      filters: 'Rows removed before counting, each rule named (the summary prints rows removed per rule).',
      questions: 'Every question by id: kind, options with codes and labels, non-answers, scale polarity, who was asked.',
      sections: 'Titles of the sections that questions name with `section`.',
      populations: 'Groups of respondents that bases describe ("respondents who use the product"), by conditions on answers.',
      segments: 'Segment dimensions (a country, a company size …): each a question and the segments its codes make. `build --per` builds one deck per segment.',
      crosstabs: 'Segment dimensions every single and multiple choice question is cut by.',
      base: 'The base policy: whether non-answers count in the base, spec-wide and per question.',
      thresholds: 'Small bases: `smallBase` flags a figure (and is the minimum for a segment deck), `showCounts` prints counts instead of shares (and suppresses a segment deck\'s figure as "n < 10").',
      significance: 'Confidence level of the tests behind claims.',
      findings: 'Named figures the decks print: a question, the codes that count, optionally a grid row or a segment.',
      claims: 'Conditions sentences rest on, by name: a catalogue message selects its sentence on the outcome.',
      trend: 'The earlier wave: its export, its year, and which of its questions match this year\'s.',
    },
  },
  'deck-manifest': {
    id: 'deck-manifest',
    file: 'schemas/deck-manifest.schema.json',
    title: 'surveydeck deck manifest',
    description: 'One deck (an audience): its title and its slides in order, each a slide template, the catalogue messages it formats and the figures it binds from the aggregates. See docs/reference.md.',
    files: 'templates/decks/*.yaml',
    zod: deckSchema,
    fields: {
      title: 'Message key of the deck title (`deck.executive.title`).',
      charts: 'What lands on chart slides unless `build --charts` says otherwise: pictures, or native, editable charts. Default `picture`.',
      type: 'Type sizes of the audience, points on the slide (a talk is read from the back of a hall). The brand\'s `minFontSizePt` stays a floor.',
      'type.bodyPt': 'Body text; takeaways, labels, quotes and headings are sized from it. Default: the brand\'s `bodyFontSizePt`.',
      'type.bodyMinPt': 'Body text is never fitted below this: the layout gives it room (wider takeaway column, a list across the width) or the build fails with TEXT_OVERFLOW. Default: the brand\'s minimum.',
      'type.columnMinPt': 'Two columns side by side never below this. Default: `bodyMinPt`.',
      'type.chartPt': 'Chart labels, legends and values start at this size.',
      'type.chartMinPt': 'Chart text never below this: a chart that needs smaller type splits, uses short labels, or fails (CHART_TOO_DENSE).',
      'type.maxAnswers': 'Most answers (or grid items) one chart shows; the rest are named under the chart.',
      slides: 'The slides, in order: a slide entry, or a `generate` entry that expands into many.',
      'slides[].template': 'Slide template in templates/slides, without `.hbs`.',
      'slides[].text': 'Message keys the template formats, by role (`title`, `subtitle`, `takeaway`, `notes` …).',
      'slides[].args': 'ICU arguments for every message on the slide, as paths into the aggregates (`findings.<name>.share`) or `ratio(pathA, pathB)`.',
      'slides[].bind': 'Objects made available to the template by name, as paths (or lists of paths) into the aggregates.',
      'slides[].chart': 'The slide\'s chart: which spec draws it and which rows of the aggregates it shows.',
      'slides[].chart.spec': 'Chart spec in templates/charts, without `.vl.json`.',
      'slides[].chart.rows': 'How the chart\'s rows are built from the aggregates (src/bind/chart-rows.ts).',
      'slides[].chart.question': 'Path of the question the rows come from (`questions.<id>`).',
      'slides[].chart.by': 'Segment dimension to compare (rows: segments).',
      'slides[].chart.segments': 'The segments compared, as `dimension:segment` (rows: segments).',
      'slides[].chart.findings': 'Paths of findings, one bar each (rows: findings).',
      'slides[].chart.top': 'Keep only the top N answers by share.',
      'slides[].chart.highlight': 'Findings the slide prints whose answers the chart draws: highlighted, and checked to add up to the printed figure (CLAIM_MISMATCH).',
      'slides[].chart.marks': 'A `segments` claim whose per-answer tests mark the bars (▲/▼).',
      'slides[].chart.slice': 'Draw only categories [from, to) after sorting: a long question over several slides.',
      'slides[].claims': 'Claims of the survey spec the slide\'s sentences rest on; every message selecting on one needs a sentence for its outcome (CLAIM_UNSUPPORTED). A slide naming a `rest` claim appears only in segment decks.',
      'slides[].generate': 'One generated slide per question of the survey, with section dividers.',
      'slides[].appendix': 'Template for open-text questions, listed rather than charted.',
      'slides[].exclude': 'Question ids left out.',
      'slides[].verbatims': 'Template for the open answers the survey spec lets the deck quote (`verbatims:`), a few per slide.',
    },
  },
  brand: {
    id: 'brand',
    file: 'schemas/brand.schema.json',
    title: 'surveydeck brand',
    description: 'A brand: colours, fonts, type sizes and logo, for the slide masters and the charts alike. See docs/reference.md.',
    files: 'templates/brands/*/brand.yaml',
    zod: brandFileSchema,
    fields: {
      displayName: 'The brand\'s name as people read it.',
      colors: 'Colours of slides and charts, six hex digits without `#`; text and bars are checked for WCAG AA contrast (LOW_CONTRAST).',
      'colors.primary': 'Titles and bars.',
      'colors.secondary': 'Second series and accents.',
      'colors.accent': 'Highlighted bars and callouts.',
      'colors.background': 'Slide background.',
      'colors.text': 'Body text.',
      'colors.muted': 'Footnotes, footers, axis labels.',
      'colors.categorical': 'Series colours in order, six or more.',
      'colors.sequential': 'Ordered scales, light to dark.',
      'colors.diverging': 'Scales with a neutral middle, negative to positive.',
      fonts: 'Font families (bundled ones: see README, Fonts); slides and charts use the same.',
      'fonts.heading': 'Titles.',
      'fonts.body': 'Body text.',
      'fonts.eastAsian': 'Families for Chinese and Japanese decks.',
      logo: 'Logo file beside brand.yaml (SVG or PNG).',
      footerText: 'Text in every slide\'s footer.',
      minFontSizePt: 'Smallest type size, in points, that fitting may shrink text to.',
      titleFontSizePt: 'Slide title size, in points.',
      bodyFontSizePt: 'Body text size, in points.',
    },
  },
};

type Json = Record<string, unknown>;

/** The JSON Schema of one published file kind, with its title, description and field descriptions. */
export function publishedJsonSchema(id: SchemaId): Json {
  const p = PUBLISHED_SCHEMAS[id];
  const schema = z.toJSONSchema(p.zod, { io: 'input', unrepresentable: 'any' }) as Json;
  eachField(schema, (fieldPath, s) => {
    if (s.description === undefined && p.fields[fieldPath]) s.description = p.fields[fieldPath];
  });
  return { $schema: schema.$schema, title: p.title, description: p.description, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')) };
}

export function publishedJsonSchemaText(id: SchemaId): string {
  return JSON.stringify(publishedJsonSchema(id), null, 2) + '\n';
}

/**
 * Every field of a JSON Schema with its path: `a.b` for properties, `a[]` for list items, `a.*` for
 * the values of a map, alternatives (anyOf) at their parent's path. `visit` may change the schema.
 */
export function eachField(schema: Json, visit: (fieldPath: string, s: Json, required: boolean) => void, at = '', root: Json = schema): void {
  const walk = (s: Json | undefined, p: string) => {
    if (!s) return;
    if (typeof s.$ref === 'string') s = String(s.$ref).replace(/^#\//, '').split('/').reduce((o: Json, k) => o[k] as Json, root);
    for (const alt of (s.anyOf ?? s.oneOf ?? []) as Json[]) walk(alt, p);
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) eachField(s.items as Json, visit, `${p}[]`, root);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') eachField(s.additionalProperties as Json, visit, `${p}.*`, root);
    if (s.properties) {
      const required = new Set((s.required ?? []) as string[]);
      for (const [key, child] of Object.entries(s.properties as Record<string, Json>)) {
        const childPath = p ? `${p}.${key}` : key;
        visit(childPath, child, required.has(key));
        eachField(child, visit, childPath, root);
      }
    }
  };
  walk(schema, at);
}
