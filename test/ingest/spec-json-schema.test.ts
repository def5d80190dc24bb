// The published JSON Schema of the survey spec: up to date with the zod schema, and it agrees with
// it on the shipped specs (valid) and on a broken one (invalid).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SURVEY_SPEC_SCHEMA_FILE, surveySpecJsonSchemaText } from '../../src/ingest/spec-json-schema.js';
import { fixtures, projectRoot } from './helpers.js';

const schema = JSON.parse(readFileSync(path.join(projectRoot, SURVEY_SPEC_SCHEMA_FILE), 'utf8'));
const specs = [
  'data/ospo-2024/survey.yaml',
  'data/ospo-2023/survey.yaml',
  ...['google-forms', 'qualtrics-numeric', 'qualtrics-text', 'surveymonkey-condensed', 'surveymonkey-expanded'].map((f) => path.relative(projectRoot, path.join(fixtures, 'formats', `${f}.yaml`))),
];

/** Just enough JSON Schema to check required keys, closed objects and enums (the rest is zod's). */
function check(value: unknown, s: Record<string, unknown>, at: string, errors: string[]): void {
  if (s.$ref) return check(value, resolve(String(s.$ref)), at, errors);
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as Record<string, unknown>[]).some((alt) => {
      const e: string[] = [];
      check(value, alt, at, e);
      return e.length === 0;
    });
    if (!ok) errors.push(`${at}: matches no alternative`);
    return;
  }
  if (s.enum && !(s.enum as unknown[]).includes(value)) errors.push(`${at}: not one of ${JSON.stringify(s.enum)}`);
  if (s.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const r of (s.required ?? []) as string[]) if (!(r in value)) errors.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) check(v, props[k], `${at}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${at}.${k}: not allowed`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(v, s.additionalProperties as Record<string, unknown>, `${at}.${k}`, errors);
    }
  }
  if (s.type === 'array' && Array.isArray(value) && s.items) value.forEach((v, i) => check(v, s.items as Record<string, unknown>, `${at}[${i}]`, errors));
}
function resolve(ref: string): Record<string, unknown> {
  return ref.replace(/^#\//, '').split('/').reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, schema);
}

describe('survey spec JSON Schema', () => {
  it('is the one derived from the zod schema (run `npm run schemas` after changing it)', () => {
    expect(readFileSync(path.join(projectRoot, SURVEY_SPEC_SCHEMA_FILE), 'utf8')).toBe(surveySpecJsonSchemaText());
  });

  it('accepts every shipped spec, each of which names it in a yaml-language-server line', () => {
    for (const file of specs) {
      const text = readFileSync(path.join(projectRoot, file), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)/m.exec(text);
      expect(modeline, file).not.toBeNull();
      expect(path.resolve(path.dirname(path.join(projectRoot, file)), modeline![1]), file).toBe(path.join(projectRoot, SURVEY_SPEC_SCHEMA_FILE));
      const errors: string[] = [];
      check(parseYaml(text), schema, '$', errors);
      expect(errors, file).toEqual([]);
    }
  });

  it('rejects an unknown key and a kind that does not exist', () => {
    const spec = parseYaml(readFileSync(path.join(projectRoot, specs[2]), 'utf8'));
    spec.questions.sat.kind = 'likert';
    spec.questions.sat.colour = 'red';
    const errors: string[] = [];
    check(spec, schema, '$', errors);
    expect(errors).toEqual(expect.arrayContaining(['$.questions.sat.colour: not allowed']));
    expect(errors.some((e) => e.startsWith('$.questions.sat.kind'))).toBe(true);
  });
});
