// Test helpers: temp folders, a copy of the templates to break on purpose, unzip and XML queries.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { run } from '../src/cli/run.js';
import type { Io } from '../src/cli/reporter.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const TEMPLATES = path.join(ROOT, 'templates');
export const AGGREGATES = path.join(ROOT, 'data', 'ospo-2024', 'aggregates.json');
/** The 2024 survey's folder: spec, aggregates and its own texts (locales/). */
export const SURVEY_DIR = path.dirname(AGGREGATES);

/**
 * The 2024 survey's own texts (data/ospo-2024/locales) copied into `dir`, for a test that writes
 * aggregates there: a build reads the survey's texts from the folder of its data file. Returns `dir`.
 */
export function copySurveyTexts(dir: string): string {
  cpSync(path.join(SURVEY_DIR, 'locales'), path.join(dir, 'locales'), { recursive: true });
  return dir;
}

/**
 * The head of the hand-written survey spec the question-kinds fixtures share (test/ingest/kinds,
 * test/pipeline/kinds-deck): the survey, its source, one population, non-answers out of the base.
 * Each test appends its own input, questions and options.
 */
export const KINDS_SPEC_HEAD = `version: 2
survey: { id: kinds, title: Kinds survey, year: 2025 }
source:
  publisher: surveydeck tests
  title: Kinds survey
  license: CC0-1.0
  licenseUrl: https://creativecommons.org/publicdomain/zero/1.0/
  dataUrl: https://example.org/kinds
  attribution: Made up for the tests
populations:
  all: { description: respondents, sections: [] }
base: { nonAnswers: exclude }
`;

export function tempDir(prefix = 'sd-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A private copy of templates/ that a test may break. */
export function copyTemplates(): string {
  const dir = tempDir('sd-templates-');
  cpSync(TEMPLATES, dir, { recursive: true });
  return dir;
}

export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}

export function text(parts: Map<string, Uint8Array>, name: string): string {
  const part = parts.get(name);
  if (!part) throw new Error(`no part ${name}`);
  return strFromU8(part);
}

/** Each slide's text runs (`<a:t>`) of a deck file, in slide order: no-break spaces as spaces, entities decoded. */
export function slideRuns(file: string): string[][] {
  const parts = unzip(readFileSync(file));
  const plain = (t: string) => t.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return slideNames(parts).map((name) => [...text(parts, name).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => plain(m[1])));
}

export function slideNames(parts: Map<string, Uint8Array>): string[] {
  return [...parts.keys()]
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
}
