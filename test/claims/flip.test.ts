// Every declared claim, flipped in turn: the data it rests on is perturbed until its outcome changes,
// and the sentences of every slide that names it change with it (bound slides, English and German). A claim whose sentence did not move would be a typed assertion in disguise.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartBoxFor } from '../../src/assemble/index.js';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { evaluateClaims } from '../../src/bind/claims.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { Aggregates, ClaimDeclaration, Finding, OptionStat, SlideSpec } from '../../src/ir.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { listAudiences, loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { DEFAULT_DATA_FILE, DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';
import { lintClaimWords } from '../../src/load/claim-lint.js';
import { copySurveyTexts, copyTemplates, SURVEY_DIR, tempDir } from '../helpers.js';

const shipped = loadAggregates(DEFAULT_DATA_FILE);
const templates = loadSlideTemplates(DEFAULT_TEMPLATES_DIR, createHandlebars());
const manifests = listAudiences(DEFAULT_TEMPLATES_DIR).map((a) => loadDeckManifest(DEFAULT_TEMPLATES_DIR, a));

const slideText = (s: SlideSpec) =>
  [s.title, s.subtitle, s.takeaway, s.notes, s.footnote, s.warning, ...(s.body ?? []).flatMap((p) => p.runs.map((r) => r.text)), ...(s.kpis ?? []).map((k) => `${k.value} ${k.label}`), ...(s.columns ?? []).flatMap((c) => c.body.flatMap((p) => p.runs.map((r) => r.text))), s.quote?.text]
    .filter(Boolean)
    .join(' | ');

/** Text of every slide that names `claim`, per deck, in one locale. */
function sentences(aggregates: Aggregates, claim: string, locale: 'en' | 'de'): string[] {
  const catalogue = loadCatalogue(DEFAULT_TEMPLATES_DIR, locale, surveyDirOf(DEFAULT_DATA_FILE)); // with the survey's own texts, as a build loads it
  return manifests.flatMap((manifest) => {
    const { slides, claims } = bindSlides({ manifest, aggregates, templates, catalogue, chartsDir: path.join(DEFAULT_TEMPLATES_DIR, 'charts'), chartBox: chartBoxFor() });
    const numbers = new Set(claims.filter((u) => u.result.name === claim).map((u) => u.slide));
    return slides.filter((_, i) => numbers.has(i + 1)).map(slideText);
  });
}

const clone = (a: Aggregates): Aggregates => JSON.parse(JSON.stringify(a));

/**
 * A `rest` claim compares a segment's deck with the rest of the survey, so it is evaluated only where
 * aggregates carry a rest: here the whole survey stands in for a segment, and its rest starts as a copy.
 */
const subjectOf = (name: string): Aggregates => {
  if (shipped.claims[name].kind !== 'rest') return shipped;
  const segment = Object.values(shipped.segments)[0][0].id;
  return { ...clone(shipped), rest: { segment, findings: clone(shipped).findings } };
};

/** The answers a finding counts, where the chart reads them: a grid row, a crosstab segment, or the question. */
function sourceOf(a: Aggregates, f: Finding): OptionStat[] {
  const q = a.questions[f.question];
  if (f.item !== undefined) return q.items!.find((i) => i.code === f.item)!.levels;
  if (f.segment) return q.crosstabs![f.segment.split(':')[0]].find((s) => s.segment === f.segment)!.options;
  return q.options;
}

/** Scale the answers a finding counts (the data, not the figure), then recompute every finding from its answers. */
function scaleFinding(a: Aggregates, f: Finding, factor: number): void {
  for (const o of sourceOf(a, f)) if (f.codes.includes(o.code)) (o.share *= factor), (o.count = Math.round(o.count * factor));
  syncFindings(a);
}

function syncFindings(a: Aggregates): void {
  for (const f of Object.values(a.findings)) {
    const counted = sourceOf(a, f).filter((o) => f.codes.includes(o.code));
    f.share = counted.reduce((s, o) => s + o.share, 0);
    f.count = counted.reduce((s, o) => s + o.count, 0);
  }
}

/** Perturb the data a claim rests on so that its outcome changes. */
function flip(a: Aggregates, name: string, decl: ClaimDeclaration): void {
  const r = evaluateClaims(a).get(name)!;
  switch (decl.kind) {
    case 'compare': {
      // Swap the two groups' answers: higher ↔ lower.
      const [fa, fb] = [a.findings[decl.a], a.findings[decl.b]];
      const [oa, ob] = [sourceOf(a, fa), sourceOf(a, fb)];
      const saved = oa.map((o) => ({ ...o }));
      oa.forEach((o) => Object.assign(o, { share: ob.find((x) => x.code === o.code)!.share, count: ob.find((x) => x.code === o.code)!.count }));
      ob.forEach((o) => Object.assign(o, { share: saved.find((x) => x.code === o.code)!.share, count: saved.find((x) => x.code === o.code)!.count }));
      syncFindings(a);
      break;
    }
    case 'segments': {
      // One answer far apart in the two segments: level → differ.
      const q = a.questions[decl.question];
      const dim = decl.segments[0].split(':')[0];
      const [sa, sb] = decl.segments.map((id) => q.crosstabs![dim].find((s) => s.segment === id)!);
      const code = q.options.find((o) => !o.nonAnswer)!.code;
      Object.assign(sa.options.find((o) => o.code === code)!, { count: sa.base.n, share: 1 });
      Object.assign(sb.options.find((o) => o.code === code)!, { count: 0, share: 0 });
      syncFindings(a);
      break;
    }
    case 'rank': {
      // The first not named catches up with the last one named: clear → tied.
      const last = r.figures[decl.top - 1];
      const next = r.figures[decl.top];
      if (decl.findings) scaleFinding(a, a.findings[next.id], last.share / next.share);
      else {
        Object.assign(a.questions[decl.question!].options.find((x) => x.code === next.id)!, { share: last.share, count: last.count });
        syncFindings(a);
      }
      break;
    }
    case 'share': {
      // Move the total to the other side of the threshold by scaling every counted answer.
      const target = r.outcome === 'above' ? decl.threshold / 2 : Math.min(0.99, decl.threshold * 1.5 + 0.05);
      const factor = target / r.figures[0].share;
      if (decl.finding) scaleFinding(a, a.findings[decl.finding], factor);
      else {
        const ids = new Set(r.figures.length > 1 ? r.figures.slice(1).map((f) => f.id) : r.figures[0].id.split('+'));
        for (const o of a.questions[decl.question!].options) if (ids.has(o.code)) (o.share *= factor), (o.count = Math.round(o.count * factor));
        syncFindings(a);
      }
      break;
    }
    case 'waves': {
      // The earlier wave far below this year's: level → higher.
      for (const o of a.questions[decl.question].trend!.options) if (decl.codes.includes(o.code)) Object.assign(o, { count: 0, share: 0 });
      break;
    }
    case 'rest': {
      // Nobody in the rest of the survey: level (a copy of the segment) → higher.
      Object.assign(a.rest!.findings[decl.finding], { count: 0, share: 0 });
      break;
    }
  }
}

describe('every declared claim governs its sentences', () => {
  const names = Object.keys(shipped.claims);

  it('declares the claims the decks use, and every one is printed on some slide', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) expect(sentences(subjectOf(name), name, 'en').length, name).toBeGreaterThan(0);
  });

  for (const name of names) {
    it(`flipping ${name} changes its outcome and its sentences (en, de)`, () => {
      const subject = subjectOf(name);
      const before = evaluateClaims(subject).get(name)!.outcome;
      const perturbed = clone(subject);
      flip(perturbed, name, shipped.claims[name]);
      const after = evaluateClaims(perturbed).get(name)!.outcome;
      expect(after, `${name} outcome`).not.toBe(before);
      for (const locale of ['en', 'de'] as const) {
        const a = sentences(subject, name, locale);
        const b = sentences(perturbed, name, locale);
        expect(b.length).toBe(a.length);
        a.forEach((text, i) => expect(b[i], `${name} (${locale}) slide text`).not.toBe(text));
      }
    });
  }
});

describe('the build refuses a sentence or a figure the data does not support', () => {
  const bindExec = (aggregates: Aggregates, templatesDir = DEFAULT_TEMPLATES_DIR, surveyDir = SURVEY_DIR) =>
    bindSlides({
      manifest: loadDeckManifest(templatesDir, 'executive-briefing'),
      aggregates,
      templates,
      catalogue: loadCatalogue(templatesDir, 'en', surveyDir),
      chartsDir: path.join(templatesDir, 'charts'),
      chartBox: chartBoxFor(),
    });
  /** A private copy of the templates and of the survey's own texts, with one English message edited wherever it lives. */
  const withEdit = (from: string, to: string) => {
    const dirs = { templates: copyTemplates(), survey: copySurveyTexts(tempDir('sd-survey-')) };
    const files = [path.join(dirs.templates, 'locales', 'en.yaml'), path.join(dirs.survey, 'locales', 'en.yaml')];
    withEditIn(files, from, to);
    return { ...dirs, edit: (a: string, b: string) => withEditIn(files, a, b) };
  };
  const withEditIn = (files: string[], from: string, to: string) => {
    const edited = files.filter((file) => readFileSync(file, 'utf8').includes(from));
    expect(edited.length, `one catalogue holds ${from}`).toBe(1);
    writeFileSync(edited[0], readFileSync(edited[0], 'utf8').replace(from, to));
  };
  const diagnostics = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { diagnostics?: { code: string; message: string }[] }).diagnostics ?? [];
    }
    return [];
  };

  it('CLAIM_MISMATCH when a printed figure is not what its highlighted bars add up to', () => {
    const a = clone(shipped);
    a.findings.genaiInvolved.share = 0.5; // the figure moved, the chart's data did not
    const found = diagnostics(() => bindExec(a)).filter((d) => d.code === 'CLAIM_MISMATCH');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].message).toMatch(/deck executive-briefing, slide 3: figure `findings\.genaiInvolved` prints 50% .* its highlighted bars draw 84%/);
  });

  it('CLAIM_UNTESTABLE, not an internal error, when a claim compares a group with no one in it', () => {
    const a = clone(shipped);
    a.findings.ospoSmall = { ...a.findings.ospoSmall, count: 0, share: 0, base: { ...a.findings.ospoSmall.base, n: 0 } };
    const found = diagnostics(() => bindExec(a));
    expect(found.map((d) => d.code)).toContain('CLAIM_UNTESTABLE');
    expect(found.map((d) => d.code)).not.toContain('INTERNAL');
    expect(found.find((d) => d.code === 'CLAIM_UNTESTABLE')!.message).toMatch(/^deck executive-briefing, slide \d+: claim `ospoBySize` cannot be tested: finding `ospoSmall` has no respondents in its base$/);
  });

  it('CLAIM_UNSUPPORTED when a claim\'s outcome has no sentence, naming deck, slide, claim and numbers', () => {
    const dirs = withEdit(' lower {Small organizations are more likely to have an OSPO}', '');
    const a = clone(shipped);
    flip(a, 'ospoBySize', shipped.claims.ospoBySize);
    const found = diagnostics(() => bindExec(a, dirs.templates, dirs.survey)).filter((d) => d.code === 'CLAIM_UNSUPPORTED');
    expect(found.length).toBe(1);
    expect(found[0].message).toMatch(/deck executive-briefing, slide 5: claim `ospoBySize` is `lower` \(compare .*18\.8% \(12 of 64\).*76\.6% \(49 of 64\).*p = .*\) but message `highlights\.adoption\.title`/);
  });

  it('CLAIM_UNGOVERNED: a comparative word outside any claim fails the lint, per locale', () => {
    // The survey's own catalogue (data/<survey>/locales) is linted as part of the catalogue a build reads.
    const dirs = withEdit('title: "Challenges OSPOs face frequently"', 'title: "Budget and people top the list"');
    const found = lintClaimWords(loadCatalogue(dirs.templates, 'en', dirs.survey), Object.keys(shipped.claims));
    expect(found.map((d) => [d.code, d.message])).toEqual([['CLAIM_UNGOVERNED', 'Message `highlights.challenges.title` (en) says “top the list” but is governed by no claim']]);
    // It points at the survey's catalogue, where the sentence is written, not at the templates'.
    expect(found[0].file).toBe(path.join(dirs.survey, 'locales', 'en.yaml'));
    expect(found[0].line).toBeGreaterThan(0);
    // A finding's label is the deck's sentence about its figure, not the survey's wording: linted too.
    dirs.edit('ospoSmall: "of respondents at small organizations (under 50 employees) report an OSPO"', 'ospoSmall: "of small organizations have an OSPO, far fewer than large ones"');
    expect(lintClaimWords(loadCatalogue(dirs.templates, 'en', dirs.survey), Object.keys(shipped.claims)).map((d) => d.message)).toContain('Message `finding.ospoSmall` (en) says “far” but is governed by no claim');
    // A word in the generic catalogue (templates/locales) is found too.
    dirs.edit('smallBase: "Small base: n = {n, number} (under {min}). Read with care."', 'smallBase: "Small base: n = {n, number}, fewer than most. Read with care."');
    expect(lintClaimWords(loadCatalogue(dirs.templates, 'en', dirs.survey), Object.keys(shipped.claims)).map((d) => d.message)).toContain('Message `chart.smallBase` (en) says “fewer” but is governed by no claim');
    for (const locale of ['en', 'de', 'fr', 'es', 'ja', 'zh-CN'] as const) {
      expect(lintClaimWords(loadCatalogue(DEFAULT_TEMPLATES_DIR, locale, SURVEY_DIR), Object.keys(shipped.claims)), locale).toEqual([]);
    }
  });
});
