// docs/worked-example.md, run as written: its commands (at most five, besides opening an editor) on the
// 2023 export in a temporary folder, every output line the page quotes is one the commands print, and
// the deck `build` writes holds the survey's questions.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Aggregates } from '../../src/ir.js';
import { ROOT, runCli, slideNames, tempDir, text, unzip } from '../helpers.js';

const doc = readFileSync(path.join(ROOT, 'docs', 'worked-example.md'), 'utf8');
const commands = /```sh\n([\s\S]*?)```/.exec(doc)![1].trim().split('\n');
const quoted = [...doc.matchAll(/```text\n([\s\S]*?)```/g)].flatMap((m) => m[1].trim().split('\n'));
const FOLDER = 'data/ospo-2023-mine';
const OUTPUT = 'output/ospo-2023-mine';

/** The text runs of one slide, joined: what a reader sees, XML entities decoded. */
function slideText(xml: string): string {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
    .map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'))
    .join(' ');
}

describe('the worked example', () => {
  it('takes five commands or fewer, from the export to decks', () => {
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands[0]).toMatch(/^npx surveydeck init --raw /);
    expect(commands.at(-1)).toMatch(/^npx surveydeck build /);
    expect(commands.some((c) => c.startsWith('$EDITOR '))).toBe(true);
  });

  it('runs as written (init, inspect, aggregate, build), prints the lines the page quotes, and builds the deck it names', async () => {
    const tmp = tempDir('sd-worked-');
    const folder = path.join(tmp, 'ospo-2023-mine');
    const out = path.join(tmp, 'output');
    let printed = '';
    const run = commands.filter((c) => c.startsWith('npx surveydeck '));
    expect(run.map((c) => c.split(/\s+/)[2])).toEqual(['init', 'inspect', 'aggregate', 'build']);
    for (const line of run) {
      const argv = line
        .replace(/^npx surveydeck /, '')
        .split(/\s+/)
        .map((a) => a.split(FOLDER).join(folder).split(OUTPUT).join(out));
      const r = await runCli([...argv, ...(argv[0] === 'build' ? ['--cache', path.join(tmp, 'cache')] : [])]);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      printed += r.stderr.split(folder).join(FOLDER).split(out).join(OUTPUT);
    }
    expect(existsSync(path.join(folder, 'aggregates.json'))).toBe(true);
    expect(readFileSync(path.join(folder, 'survey.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/survey-spec.schema.json');
    expect(quoted.length).toBeGreaterThanOrEqual(4);
    const lines = printed.split('\n');
    // A quoted line is printed as it stands, or as the start of a line that goes on with details or a timing.
    for (const q of quoted) expect(lines.some((l) => l === q || l.startsWith(`${q} in `) || l.startsWith(`${q} (`)), q).toBe(true);

    // The deck: a title slide with the spec's title and the deck's name, then every charted question.
    const deck = path.join(out, 'full-results.en.pptx');
    expect(existsSync(deck), printed).toBe(true);
    const parts = unzip(readFileSync(deck));
    const slides = slideNames(parts).map((n) => slideText(text(parts, n)));
    const aggregates = JSON.parse(readFileSync(path.join(folder, 'aggregates.json'), 'utf8')) as Aggregates;
    const english = parse(readFileSync(path.join(ROOT, 'templates', 'locales', 'en.yaml'), 'utf8'));
    expect(slides[0]).toContain(aggregates.survey.title);
    expect(slides[0]).toContain(english.titleSlide.fullResults);
    const charted = Object.values(aggregates.questions).filter((q) => q.kind !== 'text' && q.slide !== false);
    expect(charted.length).toBeGreaterThan(40);
    // Each question has a slide whose text holds the first words of its title (long titles wrap or shorten).
    const start = (q: (typeof charted)[number]) => (q.shortText ?? q.text).split(/\s+/).slice(0, 3).join(' ');
    for (const q of charted) expect(slides.some((s) => s.toLowerCase().includes(start(q).toLowerCase())), `${q.id}: ${start(q)}`).toBe(true);
    expect(slides.length).toBeGreaterThanOrEqual(charted.length + 2);
  }, 600_000);
});
