// The field tables of docs/reference.md, generated from the published JSON Schemas (which come from the
// zod schemas that validate each file at load), so the reference cannot drift from what the build
// accepts. Prose around the tables is written by hand; each table sits between two markers:
//   <!-- generated: deck-manifest (npm run schemas) --> … <!-- end generated: deck-manifest -->
import { eachField, PUBLISHED_SCHEMAS, publishedJsonSchema, type SchemaId } from '../../src/load/json-schemas.js';

export const REFERENCE_DOC = 'docs/reference.md';

type Json = Record<string, unknown>;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;

/** A field's type in words: `integer ≥ 1`, `one of "a", "b"`, `list of string`, `map of name → object`. */
export function typeOf(s: Json): string {
  if (s.const !== undefined) return code(s.const);
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).map(code).join(', ')}`;
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) {
    const kinds = alts.map((a) => {
      const tag = Object.entries((a.properties ?? {}) as Record<string, Json>).find(([, p]) => p.const !== undefined);
      return tag ? `${tag[0]}: ${code(tag[1].const)}` : typeOf(a);
    });
    return [...new Set(kinds)].join(' or ');
  }
  switch (s.type) {
    case 'array':
      return Array.isArray(s.prefixItems) ? `[${(s.prefixItems as Json[]).map(typeOf).join(', ')}]` : `list of ${s.items ? typeOf(s.items as Json) : 'anything'}`;
    case 'object':
      return s.properties ? 'object' : s.additionalProperties && typeof s.additionalProperties === 'object' ? `map of name → ${typeOf(s.additionalProperties as Json)}` : 'object';
    case 'integer':
    case 'number': {
      const bounds = [
        s.minimum !== undefined ? `≥ ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '',
        s.maximum !== undefined && Number(s.maximum) < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '',
      ].filter(Boolean);
      return [String(s.type), ...bounds].join(' ');
    }
    case 'string':
      return s.pattern ? `string matching ${code(s.pattern)}` : s.format ? `string (${s.format})` : 'string';
    default:
      return s.type ? String(s.type) : 'any';
  }
}

/** The Markdown table of one schema: every field, its type, whether required, its default and description. */
export function fieldTable(id: SchemaId): string {
  const rows = new Map<string, string>();
  eachField(publishedJsonSchema(id), (fieldPath, s, required) => {
    const row = `| \`${fieldPath}\` | ${cell(typeOf(s))} | ${required ? 'yes' : ''} | ${s.default !== undefined && typeof s.default !== 'object' ? code(s.default) : ''} | ${cell(String(s.description ?? ''))} |`;
    // Alternatives sharing a field (every claim kind has `why`) give one row per distinct text.
    if (!rows.has(row)) rows.set(row, row);
  });
  return ['| field | type | required | default | what it is |', '|---|---|---|---|---|', ...rows.values()].join('\n');
}

const begin = (id: SchemaId) => `<!-- generated: ${id} (npm run schemas) -->`;
const end = (id: SchemaId) => `<!-- end generated: ${id} -->`;

/** The document with each generated table replaced by the current one; a missing marker pair is an error. */
export function renderReference(doc: string): string {
  let out = doc;
  for (const id of Object.keys(PUBLISHED_SCHEMAS) as SchemaId[]) {
    const from = out.indexOf(begin(id));
    const to = out.indexOf(end(id));
    if (from < 0 || to < from) throw new Error(`${REFERENCE_DOC}: no ${begin(id)} … ${end(id)} section`);
    out = `${out.slice(0, from + begin(id).length)}\n\n${fieldTable(id)}\n\n${out.slice(to)}`;
  }
  return out;
}
