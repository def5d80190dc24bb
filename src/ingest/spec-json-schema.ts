// Ingest stage: the survey spec's JSON Schema, derived from its zod schema (one source), published
// as schemas/survey-spec.schema.json so editors complete and check specs through the
// `# yaml-language-server: $schema=…` line at the top of each. The deck manifest and brand schemas
// are made the same way: src/load/json-schemas.ts. Pure.
import { PUBLISHED_SCHEMAS, publishedJsonSchema, publishedJsonSchemaText } from '../load/json-schemas.js';

export const SURVEY_SPEC_SCHEMA_FILE = PUBLISHED_SCHEMAS['survey-spec'].file;

export function surveySpecJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema('survey-spec');
}

export function surveySpecJsonSchemaText(): string {
  return publishedJsonSchemaText('survey-spec');
}
