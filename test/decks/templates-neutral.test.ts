// templates/ serves every survey: no file in it may name a question, finding or claim of a shipped
// survey. Each survey's own slides are its spec's highlights, its sentences its own catalogues
// (data/<survey>/locales/). Ids are read from both specs and both aggregates files (the 2024 questions
// come from a reference model, so its spec does not list them all).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, TEMPLATES } from '../helpers.js';

const SURVEYS = ['ospo-2023', 'ospo-2024'];

function idsOf(survey: string): Set<string> {
  const spec = parseYaml(readFileSync(path.join(ROOT, 'data', survey, 'survey.yaml'), 'utf8'));
  const aggregates = JSON.parse(readFileSync(path.join(ROOT, 'data', survey, 'aggregates.json'), 'utf8'));
  return new Set([
    ...Object.keys(spec.questions ?? {}),
    ...Object.keys(aggregates.questions),
    ...Object.keys(spec.findings ?? {}),
    ...Object.keys(spec.claims ?? {}),
  ]);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });
}

describe('templates/ names no survey', () => {
  const ids = new Set(SURVEYS.flatMap((s) => [...idsOf(s)]));
  const textFiles = files(TEMPLATES).filter((f) => /\.(ya?ml|hbs|json|md)$/.test(f));

  it('reads the ids of both surveys and the template files', () => {
    // Guards the check below against reading nothing: ids that each survey's highlights use.
    for (const id of ['q9', 'q20', 'ospoShare', 'genaiInvolved', 'ospoBySize', 'challengesTop']) expect(ids).toContain(id);
    expect(textFiles.map((f) => path.relative(TEMPLATES, f))).toEqual(expect.arrayContaining(['decks/executive-briefing.yaml', 'decks/conference-talk.yaml', 'decks/full-results.yaml', 'locales/en.yaml']));
  });

  it('no question id, finding or claim of either survey appears as a word in any template file', () => {
    const found: string[] = [];
    for (const file of textFiles) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        if (ids.has(m[0])) found.push(`${path.relative(ROOT, file)}:${source.slice(0, m.index).split('\n').length}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
