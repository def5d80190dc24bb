// The published JSON Schemas of deck manifests and brands (and the survey spec's, through the same
// registry): up to date with their zod sources, named by every shipped file's yaml-language-server
// line, agreeing with the loader on valid and broken files; the loader's errors give file:line:column;
// docs/reference.md's tables are the schemas' fields, so the page cannot drift.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { eachField, PUBLISHED_SCHEMAS, publishedJsonSchema, publishedJsonSchemaText, type SchemaId } from '../../src/load/json-schemas.js';
import { REFERENCE_DOC, renderReference } from '../tools/reference-doc.js';
import { copyTemplates, ROOT } from '../helpers.js';

type Json = Record<string, unknown>;
const ids = Object.keys(PUBLISHED_SCHEMAS) as SchemaId[];

/** The files a schema describes: its `files` pattern, one `*` per folder or file name. */
function shippedFiles(id: SchemaId): string[] {
  let found = [''];
  for (const part of PUBLISHED_SCHEMAS[id].files.split('/')) {
    found = found.flatMap((dir) => {
      if (!part.includes('*')) return [path.join(dir, part)];
      const re = new RegExp(`^${part.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
      try {
        return readdirSync(path.join(ROOT, dir)).filter((n) => re.test(n)).map((n) => path.join(dir, n));
      } catch {
        return [];
      }
    });
  }
  return found.filter((f) => {
    try {
      return readFileSync(path.join(ROOT, f)).length > 0;
    } catch {
      return false;
    }
  });
}

/** Enough of JSON Schema to check what these schemas say: types, required and closed keys, enums, patterns, sizes. */
function check(value: unknown, s: Json, at: string, errors: string[], root: Json): void {
  if (typeof s.$ref === 'string') return check(value, String(s.$ref).replace(/^#\//, '').split('/').reduce((o: Json, k) => o[k] as Json, root), at, errors, root);
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) {
    if (!alts.some((alt) => { const e: string[] = []; check(value, alt, at, e, root); return e.length === 0; })) errors.push(`${at}: matches no alternative`);
    return;
  }
  if (s.const !== undefined && value !== s.const) errors.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errors.push(`${at}: not one of ${JSON.stringify(s.enum)}`);
  const type = s.type as string | undefined;
  const is = { object: value !== null && typeof value === 'object' && !Array.isArray(value), array: Array.isArray(value), string: typeof value === 'string', number: typeof value === 'number', integer: Number.isInteger(value), boolean: typeof value === 'boolean' } as Record<string, boolean>;
  if (type && type in is && !is[type]) return void errors.push(`${at}: not ${type}`);
  if (typeof value === 'string' && s.pattern && !new RegExp(String(s.pattern)).test(value)) errors.push(`${at}: does not match ${s.pattern}`);
  if (typeof value === 'string' && typeof s.minLength === 'number' && value.length < s.minLength) errors.push(`${at}: too short`);
  if (typeof value === 'number' && typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: under ${s.minimum}`);
  if (typeof value === 'number' && typeof s.maximum === 'number' && value > s.maximum) errors.push(`${at}: over ${s.maximum}`);
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (Array.isArray(s.prefixItems)) value.forEach((v, i) => (s.prefixItems as Json[])[i] && check(v, (s.prefixItems as Json[])[i], `${at}[${i}]`, errors, root));
    else if (s.items) value.forEach((v, i) => check(v, s.items as Json, `${at}[${i}]`, errors, root));
  }
  if (is.object && (s.properties || s.additionalProperties !== undefined)) {
    const props = (s.properties ?? {}) as Record<string, Json>;
    for (const r of (s.required ?? []) as string[]) if (!(r in (value as Json))) errors.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(value as Json)) {
      if (props[k]) check(v, props[k], `${at}.${k}`, errors, root);
      else if (s.additionalProperties === false) errors.push(`${at}.${k}: not allowed`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(v, s.additionalProperties as Json, `${at}.${k}`, errors, root);
    }
  }
}
const errorsOf = (id: SchemaId, value: unknown) => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, PUBLISHED_SCHEMAS[id].file), 'utf8')) as Json;
  const errors: string[] = [];
  check(value, schema, '$', errors, schema);
  return errors;
};

/** The diagnostics a load throws. */
function loadErrors(load: () => unknown) {
  try {
    load();
  } catch (e) {
    if (e instanceof SurveydeckError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected the load to fail');
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function lineColumnOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('published JSON Schemas', () => {
  it.each(ids)('%s: schemas/*.schema.json is the one derived from the zod schema (run `npm run schemas`)', (id) => {
    expect(readFileSync(path.join(ROOT, PUBLISHED_SCHEMAS[id].file), 'utf8')).toBe(publishedJsonSchemaText(id));
  });

  it.each(ids)('%s: every field description names a field the schema has', (id) => {
    const paths = new Set<string>();
    eachField(publishedJsonSchema(id), (p) => void paths.add(p));
    expect(Object.keys(PUBLISHED_SCHEMAS[id].fields).filter((p) => !paths.has(p))).toEqual([]);
    expect(paths.size).toBeGreaterThan(Object.keys(PUBLISHED_SCHEMAS[id].fields).length / 2);
  });

  it.each(['deck-manifest', 'brand'] as const)('%s: every shipped file names its schema in a yaml-language-server line, and the schema accepts it', (id) => {
    const files = shippedFiles(id);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0]);
      expect(modeline, file).not.toBeNull();
      expect(path.resolve(path.dirname(path.join(ROOT, file)), modeline![1]), file).toBe(path.join(ROOT, PUBLISHED_SCHEMAS[id].file));
      expect(errorsOf(id, parseYaml(text)), file).toEqual([]);
    }
  });

  it('the schema and the loader refuse the same broken brand and deck manifest', () => {
    const brand = parseYaml(readFileSync(path.join(ROOT, 'templates/brands/ember/brand.yaml'), 'utf8'));
    brand.colors.accent = '#FFD166';
    brand.minFontSizePt = 2;
    expect(errorsOf('brand', brand)).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\.colors\.accent: does not match/), '$.minFontSizePt: under 6']));
    const deck = parseYaml(readFileSync(path.join(ROOT, 'templates/decks/full-results.yaml'), 'utf8'));
    deck.charts = 'svg';
    expect(errorsOf('deck-manifest', deck)).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\.charts: not one of/)]));
  });
});

describe('loading a broken file names file:line:column', () => {
  it('a brand: the colour that is not six hex digits, and the type size out of range', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'brands', 'ember', 'brand.yaml');
    const text = readFileSync(file, 'utf8').replace('accent: "FFD166"', 'accent: "#FFD166"').replace('minFontSizePt: 12', 'minFontSizePt: 2');
    writeFileSync(file, text);
    const diagnostics = loadErrors(() => loadBrand(templates, 'ember'));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_BRAND', file, message: '$.colors.accent: a colour is six hex digits without #', ...lineColumnOf(text, '"#FFD166"') }),
      expect.objectContaining({ code: 'INVALID_BRAND', file, message: expect.stringMatching(/^\$\.minFontSizePt: /), ...lineColumnOf(text, '2\n') }),
    ]);
  });

  it('a brand with a required field missing points at the map that lacks it', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'brands', 'harbor', 'brand.yaml');
    const before = readFileSync(file, 'utf8');
    const text = before.replace(/^ {2}muted: .*\n/m, '');
    expect(text).not.toBe(before);
    writeFileSync(file, text);
    const [d] = loadErrors(() => loadBrand(templates, 'harbor'));
    expect(d).toMatchObject({ code: 'INVALID_BRAND', message: expect.stringMatching(/^\$\.colors\.muted: /), line: lineColumnOf(text, 'colors:\n').line + 1 });
  });

  it('a deck manifest: the chart rows that do not exist', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'decks', 'executive-briefing.yaml');
    const before = readFileSync(file, 'utf8');
    // The shipped manifest has no chart of its own (its charts are the survey's highlights): add one.
    const text = before.replace('  - foreach: highlights\n', '  - foreach: highlights\n  - { template: chart, text: { title: t }, chart: { spec: bar-horizontal, rows: answers } }\n');
    expect(text).not.toBe(before);
    writeFileSync(file, text);
    const [d] = loadErrors(() => loadDeckManifest(templates, 'executive-briefing'));
    expect(d).toMatchObject({ code: 'INVALID_DECK', file, message: expect.stringMatching(/^\$\.slides\[\d+\]\.chart\.rows: /), ...lineColumnOf(text, 'answers') });
  });
});

describe(REFERENCE_DOC, () => {
  const doc = readFileSync(path.join(ROOT, REFERENCE_DOC), 'utf8');

  it('has the tables generated from the current schemas (run `npm run schemas`)', () => {
    expect(doc).toBe(renderReference(doc));
  });

  it.each(ids)('%s: lists every field of the schema', (id) => {
    const section = doc.slice(doc.indexOf(`<!-- generated: ${id} `), doc.indexOf(`<!-- end generated: ${id} -->`));
    let fields = 0;
    eachField(publishedJsonSchema(id), (p) => {
      fields++;
      expect(section, p).toContain(`| \`${p}\` |`);
    });
    expect(fields).toBeGreaterThan(10);
  });
});
