// docs/worked-example.md, run as written: its commands (at most five, besides opening an editor) on the
// 2023 export in a temporary folder, and every output line the page quotes is one the commands print.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';

const doc = readFileSync(path.join(ROOT, 'docs', 'worked-example.md'), 'utf8');
const commands = /```sh\n([\s\S]*?)```/.exec(doc)![1].trim().split('\n');
const quoted = [...doc.matchAll(/```text\n([\s\S]*?)```/g)].flatMap((m) => m[1].trim().split('\n'));
const FOLDER = 'data/ospo-2023-mine';

describe('the worked example', () => {
  it('takes five commands or fewer, from the export to decks', () => {
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands[0]).toMatch(/^npx surveydeck init --raw /);
    expect(commands.at(-1)).toMatch(/^npx surveydeck build /);
    expect(commands.some((c) => c.startsWith('$EDITOR '))).toBe(true);
  });

  it('runs as written (init, inspect, aggregate), and prints the lines the page quotes', async () => {
    const folder = path.join(tempDir('sd-worked-'), 'ospo-2023-mine');
    let printed = '';
    for (const line of commands.filter((c) => /^npx surveydeck (init|inspect|aggregate) /.test(c))) {
      const argv = line.replace(/^npx surveydeck /, '').split(/\s+/).map((a) => a.split(FOLDER).join(folder));
      const r = await runCli(argv);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      printed += r.stderr.split(folder).join(FOLDER);
    }
    expect(existsSync(path.join(folder, 'aggregates.json'))).toBe(true);
    expect(readFileSync(path.join(folder, 'survey.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/survey-spec.schema.json');
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    const lines = printed.split('\n');
    // A quoted line is printed as it stands, or as the start of a line that goes on with a timing.
    for (const q of quoted) expect(lines.some((l) => l === q || l.startsWith(`${q} in `)), q).toBe(true);
  }, 300_000);
});
