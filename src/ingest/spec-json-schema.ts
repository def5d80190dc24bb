// Ingest stage: the survey spec's JSON Schema, derived from its zod schema (one source), published
// as schemas/survey-spec.schema.json so editors complete and check specs through the
// `# yaml-language-server: $schema=…` line at the top of each. Pure.
import { z } from 'zod';
import { SPEC_VERSION, surveySpecSchema } from './survey-spec.js';

export const SURVEY_SPEC_SCHEMA_FILE = 'schemas/survey-spec.schema.json';

export function surveySpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(surveySpecSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: `surveydeck survey spec, version ${SPEC_VERSION}`,
    description:
      'Everything about one survey that its export cannot say: the export and how to read it (input), which rows to remove (filters), what each question is (questions: kind, options, nonAnswers, scale, asked), populations, segments, the base policy, findings and trends. See README.md, "Use your own survey".',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function surveySpecJsonSchemaText(): string {
  return JSON.stringify(surveySpecJsonSchema(), null, 2) + '\n';
}
