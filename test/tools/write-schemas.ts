// Writes the published JSON Schemas (schemas/*.schema.json) from their zod sources, and the generated
// tables of docs/reference.md from those schemas. Run: npm run schemas after changing a zod schema of
// the survey spec, a deck manifest or a brand; test/load/json-schemas.test.ts fails when either is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS, publishedJsonSchemaText } from '../../src/load/json-schemas.js';
import { REFERENCE_DOC, renderReference } from './reference-doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
mkdirSync(path.join(root, 'schemas'), { recursive: true });
for (const p of Object.values(PUBLISHED_SCHEMAS)) {
  writeFileSync(path.join(root, p.file), publishedJsonSchemaText(p.id));
  console.error(`wrote ${p.file}`);
}
const doc = path.join(root, REFERENCE_DOC);
writeFileSync(doc, renderReference(readFileSync(doc, 'utf8')));
console.error(`wrote ${REFERENCE_DOC}`);
