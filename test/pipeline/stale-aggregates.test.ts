// A build warns when the survey spec its aggregates were computed from has changed since: what was
// edited there (findings, claims, highlights, codes) is in no deck until the survey is aggregated again.
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { fixtures } from '../ingest/helpers.js';

const formats = path.join(fixtures, 'formats');

describe('aggregates name the spec they were computed from', () => {
  it('aggregate records the spec and its hash; build warns AGGREGATES_STALE once the spec changes, until aggregated again', async () => {
    const dir = tempDir('stale-');
    for (const f of ['google-forms.yaml', 'google-forms.csv']) copyFileSync(path.join(formats, f), path.join(dir, f));
    const specFile = path.join(dir, 'google-forms.yaml');
    const dataFile = path.join(dir, 'aggregates.json');
    const aggregate = async () => {
      const r = await runCli(['aggregate', '--spec', specFile, '--out', dataFile]);
      expect(r.code, r.stderr).toBe(0);
    };
    const build = () => runCli(['build', '--data', dataFile, '-a', 'full-results', '-l', 'en', '--out', path.join(dir, 'out'), '--cache', path.join(dir, 'cache')]);
    await aggregate();
    const record = JSON.parse(readFileSync(dataFile, 'utf8')).spec;
    expect(record.file).toBe('google-forms.yaml');
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);

    const fresh = await build();
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).not.toContain('AGGREGATES_STALE');

    appendFileSync(specFile, '\n# an edit\n');
    const stale = await build();
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(/warning AGGREGATES_STALE: google-forms\.yaml has changed since aggregates\.json was aggregated from it/);
    expect(stale.stderr).toContain('surveydeck aggregate --spec');

    await aggregate();
    const again = await build();
    expect(again.stderr).not.toContain('AGGREGATES_STALE');
  });

  it('refuses aggregates that name a spec outside their folder, and never reads it', async () => {
    const dir = tempDir('stale-');
    copyFileSync(path.join(formats, 'google-forms.yaml'), path.join(dir, 'google-forms.yaml'));
    copyFileSync(path.join(formats, 'google-forms.csv'), path.join(dir, 'google-forms.csv'));
    const dataFile = path.join(dir, 'aggregates.json');
    const r = await runCli(['aggregate', '--spec', path.join(dir, 'google-forms.yaml'), '--out', dataFile]);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(readFileSync(dataFile, 'utf8'));
    for (const file of ['../google-forms.yaml', '/etc/passwd', 'a/../../b.yaml']) {
      writeFileSync(dataFile, JSON.stringify({ ...a, spec: { ...a.spec, file } }));
      const out = await runCli(['build', '--data', dataFile, '-a', 'full-results', '-l', 'en', '--out', path.join(dir, 'out'), '--cache', path.join(dir, 'cache')]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/INVALID_AGGREGATES: \$\.spec\.file: a relative path inside the aggregates' folder/);
      expect(out.stderr).not.toContain('AGGREGATES_STALE');
    }
  });
});
