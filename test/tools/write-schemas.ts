// Writes the published JSON Schemas (schemas/*.schema.json) from their zod sources.
// Run: npm run schemas. test/ingest/spec-json-schema.test.ts fails when they are out of date.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SURVEY_SPEC_SCHEMA_FILE, surveySpecJsonSchemaText } from '../../src/ingest/spec-json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
mkdirSync(path.join(root, 'schemas'), { recursive: true });
writeFileSync(path.join(root, SURVEY_SPEC_SCHEMA_FILE), surveySpecJsonSchemaText());
console.error(`wrote ${SURVEY_SPEC_SCHEMA_FILE}`);
