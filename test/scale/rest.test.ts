// A segment against the rest of the survey (`rest` claims, issue 14): the rest's figures are the whole
// survey's less the segment's, exact for counts and for weighted bases (Kish); the claim is tested with
// the claims rules; a segment's deck gets one slide with the sentence for each outcome, a deck of the
// whole survey none.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindSlides, type BindInput } from '../../src/bind/bind-slides.js';
import { chartBoxesFor, flagFitsAtTitle, layoutSlide } from '../../src/layout/index.js';
import { layoutContext } from '../../src/layout/boxes.js';
import { evaluateClaims } from '../../src/bind/claims.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import type { Aggregates, Base, Locale, SlideSpec } from '../../src/ir.js';
import { slideTextFits } from '../../src/fit/index.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { bodyTypeOf, loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { restBase, restOfSurvey } from '../../src/scale/rest.js';
import { segmentDataFile } from '../../src/scale/segments.js';
import { kishEffectiveN } from '../../src/stats/index.js';
import { parse } from 'yaml';
import { AGGREGATES, copyTemplates, runCli, TEMPLATES, tempDir } from '../helpers.js';

/** A segment's name in German, as the survey's catalogue translates it (survey.segments.<dimension>.<id>). */
const germanSegment = (dimension: string, id: string): string =>
  parse(readFileSync(path.join(surveyDirOf(AGGREGATES), 'locales', 'de.yaml'), 'utf8')).survey.segments[dimension][id];

const dataFile = path.join(tempDir('sd-rest-data-'), 'aggregates.json');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Aggregates;
let whole: Aggregates;

beforeAll(async () => {
  const r = await runCli(['aggregate', '--per', 'region', '--out', dataFile]);
  expect(r.code, r.stderr).toBe(0);
  whole = read(dataFile);
}, 300_000);

/** The generated slide of a segment's deck, bound from `seg` with its rest of the survey. */
function bindRest(seg: Aggregates, opts: { locale?: Locale; templatesDir?: string; audience?: string; textFits?: (slide: SlideSpec) => boolean; extra?: Partial<BindInput> } = {}) {
  const templatesDir = opts.templatesDir ?? TEMPLATES;
  return bindSlides({
    ...(opts.textFits ? { textFits: opts.textFits } : {}),
    manifest: loadDeckManifest(templatesDir, opts.audience ?? 'executive-briefing'),
    aggregates: seg,
    templates: loadSlideTemplates(templatesDir, createHandlebars()),
    catalogue: loadCatalogue(templatesDir, opts.locale ?? 'en', surveyDirOf(AGGREGATES)), // the survey's own texts (finding labels)
    chartsDir: path.join(templatesDir, 'charts'),
    chartBox: { widthIn: 8, heightIn: 4 },
    suppressBelow: seg.thresholds.showCounts,
    ...opts.extra,
  });
}
const restSlideOf = (bound: ReturnType<typeof bindSlides>) => bound.slides.find((s) => s.key === 'rest-of-survey');
const textOf = (value: unknown) => JSON.stringify(value).replace(/[\u00a0\u202f]/g, ' ');

describe('the rest of the survey', () => {
  it("is, for every finding, the sum of the other regions' own aggregates (counted by the ingest)", () => {
    const regions = whole.segments.region.map((d) => d.id);
    let compared = 0;
    for (const region of regions) {
      const rest = restOfSurvey(whole, read(segmentDataFile(dataFile, region)), region);
      const others = regions.filter((r) => r !== region).map((r) => read(segmentDataFile(dataFile, r)));
      for (const [id, f] of Object.entries(rest.findings)) {
        const sum = (pick: (a: Aggregates) => number) => others.reduce((s, a) => s + pick(a), 0);
        expect(f.count, `${region} ${id}`).toBe(sum((a) => a.findings[id].count));
        expect(f.base.n, `${region} ${id}`).toBe(sum((a) => a.findings[id].base.n));
        expect(f.base.asked, `${region} ${id}`).toBe(sum((a) => a.findings[id].base.asked));
        expect(f.published).toBeUndefined(); // the report's figure is the whole survey's
        compared++;
      }
    }
    expect(compared).toBe(regions.length * Object.keys(whole.findings).length);
  });

  it("with weights, keeps the sums of weights and the rest's own Kish effective base", () => {
    const segment = [0.5, 2.5, 1, 1.75];
    const others = [1, 1, 3, 0.25, 0.8, 1.2];
    const base = (w: number[]): Base => ({ n: w.reduce((s, x) => s + x, 0), asked: w.reduce((s, x) => s + x, 0), population: 'all', description: 'all', includesDontKnow: true, effectiveN: kishEffectiveN(w), unweightedN: w.length });
    const rest = restBase(base([...segment, ...others]), base(segment));
    const expected = base(others);
    expect(rest.n).toBeCloseTo(expected.n, 9);
    expect(rest.unweightedN).toBe(others.length);
    expect(rest.effectiveN).toBeCloseTo(expected.effectiveN!, 9);
    // Not the whole's effective base scaled to the rest's size: the weights differ between the parts.
    const scaled = (kishEffectiveN([...segment, ...others]) * others.length) / (segment.length + others.length);
    expect(Math.abs(rest.effectiveN! - scaled)).toBeGreaterThan(0.05);
  });
});

describe('rest claims', () => {
  const withRest = (region: string, change?: (rest: ReturnType<typeof restOfSurvey>) => void): Aggregates => {
    const seg = read(segmentDataFile(dataFile, region));
    const rest = restOfSurvey(whole, seg, region);
    change?.(rest);
    return { ...seg, rest };
  };
  /** The rest's `ospoShare` set to `share` of its base (the segment's figure stays as counted). */
  const restShare = (share: number) => (rest: ReturnType<typeof restOfSurvey>) => {
    const f = rest.findings.ospoShare;
    f.count = Math.round(share * f.base.n);
    f.share = f.count / f.base.n;
  };

  it('are evaluated only where there is a rest: never on the whole survey', () => {
    const names = Object.entries(whole.claims).filter(([, c]) => c.kind === 'rest').map(([n]) => n);
    expect(names.length).toBeGreaterThan(0);
    const onWhole = evaluateClaims(whole);
    for (const n of names) expect(onWhole.has(n)).toBe(false);
    const onSegment = evaluateClaims(withRest('region:europe'));
    for (const n of names) expect(onSegment.get(n)?.figures.map((f) => f.label)).toEqual(['region:europe', 'rest']);
  });

  it('give the sentence of each outcome, with both figures and bases, in English and German', () => {
    const europe = read(segmentDataFile(dataFile, 'region:europe')).findings.ospoShare;
    expect(europe.share).toBeGreaterThan(0.2);
    expect(europe.share).toBeLessThan(0.8); // room to put the rest clearly above and below
    const cases = [
      { outcome: 'higher', change: restShare(europe.share - 0.2), en: 'a higher share than in the rest of the survey', de: 'ein höherer Anteil als im Rest der Umfrage' },
      { outcome: 'lower', change: restShare(europe.share + 0.2), en: 'a lower share than in the rest of the survey', de: 'ein niedrigerer Anteil als im Rest der Umfrage' },
      { outcome: 'level', change: restShare(europe.share), en: 'no clear difference from the rest of the survey', de: 'kein klarer Unterschied zum Rest der Umfrage' },
    ] as const;
    for (const c of cases) {
      const seg = withRest('region:europe', c.change);
      const rest = seg.rest!.findings.ospoShare;
      for (const locale of ['en', 'de'] as const) {
        const bound = bindRest(seg, { locale });
        const slide = restSlideOf(bound)!;
        expect(slide, `${c.outcome} ${locale}`).toBeDefined();
        expect(slide.claims?.ospoVsRest).toBe(c.outcome);
        const name = locale === 'de' ? germanSegment('region', 'europe') : 'Europe';
        const line = textOf(slide).match(new RegExp(`${name}: [^"]*?\\(n = ${europe.base.n}\\), ([^(]*) \\((\\d+) ?%, n = ${rest.base.n}\\)`));
        expect(line, textOf(slide)).not.toBeNull();
        expect(line![1]).toBe(c[locale]);
        expect(Number(line![2])).toBe(Math.round(rest.share * 100));
        expect(bound.claims.filter((u) => u.result.name === 'ospoVsRest')).toHaveLength(1);
      }
    }
  });

  it('sit on one slide before the sources in every audience of a segment deck, and in no deck of the whole survey', () => {
    const seg = withRest('region:us-canada');
    for (const audience of ['executive-briefing', 'conference-talk']) {
      const slides = bindRest(seg, { audience }).slides;
      const at = slides.findIndex((s) => s.key === 'rest-of-survey');
      expect(at, audience).toBeGreaterThan(0);
      expect(slides.filter((s) => s.key === 'rest-of-survey')).toHaveLength(1);
      expect(slides[at].title).toBe('United States or Canada against the rest of the survey');
    }
    const plain = bindSlides({
      manifest: loadDeckManifest(TEMPLATES, 'executive-briefing'),
      aggregates: whole,
      templates: loadSlideTemplates(TEMPLATES, createHandlebars()),
      catalogue: loadCatalogue(TEMPLATES, 'en', surveyDirOf(AGGREGATES)),
      chartsDir: path.join(TEMPLATES, 'charts'),
      chartBox: { widthIn: 8, heightIn: 4 },
    });
    expect(restSlideOf(plain)).toBeUndefined();
    expect(textOf(plain.slides)).not.toContain('rest of the survey');
  });

  it("spread over as few slides as their lines fit on at the audience's type sizes, in the spec's order, under one title", () => {
    const seg = withRest('region:us-canada');
    const brand = loadBrand(TEMPLATES, 'harbor');
    const restSlides = (audience: string, locale: Locale, textFits = slideTextFits({ audience, locale, brand, bodyType: bodyTypeOf(loadDeckManifest(TEMPLATES, audience).type) })) => {
      const slides = bindRest(seg, { audience, locale, textFits }).slides;
      const at = slides.findIndex((s) => s.key === 'rest-of-survey');
      const rest = slides.filter((s) => s.key.startsWith('rest-of-survey'));
      expect(slides.slice(at, at + rest.length)).toEqual(rest); // together, where the one slide was
      expect(rest.map((s) => s.key)).toEqual(rest.map((_, i) => (i === 0 ? 'rest-of-survey' : `rest-of-survey-${i + 1}`)));
      expect(new Set(rest.map((s) => s.title)).size).toBe(1);
      expect(rest.flatMap((s) => Object.keys(s.claims ?? {}))).toEqual(['ospoVsRest', 'genaiVsRest', 'securityVsRest', 'collaborationVsRest']);
      return rest;
    };
    // A briefing's body holds the four sentences; a talk's 24 pt body does not: two slides, each fitting.
    expect(restSlides('executive-briefing', 'fr')).toHaveLength(1);
    const talk = restSlides('conference-talk', 'fr');
    expect(talk.length).toBeGreaterThan(1);
    const fits = slideTextFits({ audience: 'conference-talk', locale: 'fr', brand, bodyType: bodyTypeOf(loadDeckManifest(TEMPLATES, 'conference-talk').type) });
    expect(talk.every(fits)).toBe(true);
    const [one] = bindRest(seg, { audience: 'conference-talk', locale: 'fr' }).slides.filter((s) => s.key === 'rest-of-survey');
    expect(fits(one)).toBe(false); // bound without the check: all four on one slide, which overflows
    // Nothing fits: one sentence a slide.
    expect(restSlides('conference-talk', 'en', () => false)).toHaveLength(4);
  });

  it("name a segment's deck as its file is named in what a chart's problems report", () => {
    const charts = bindRest(withRest('region:us-canada')).slides.filter((s) => s.kind === 'chart');
    expect(charts.length).toBeGreaterThan(0);
    for (const s of charts) expect(s.kind === 'chart' && s.chartRequest.where).toMatch(/^executive-briefing\.region-us-canada\.en slide \d+$/);
  });

  it("move a small base's flag under the title where only then the chart's labels can be drawn, and only then", () => {
    const seg = withRest('region:europe');
    const brand = loadBrand(TEMPLATES, 'harbor');
    const bodyType = bodyTypeOf(loadDeckManifest(TEMPLATES, 'conference-talk').type);
    const box = chartBoxesFor(brand, 'en', bodyType);
    const flagged = (slides: SlideSpec[]) => slides.filter((s): s is Extract<SlideSpec, { kind: 'chart' }> => s.kind === 'chart' && !!s.warning && !!s.bigNumber);
    const bind = (chartFits: (r: { widthIn: number; heightIn: number }) => boolean) =>
      bindRest(seg, { audience: 'conference-talk', extra: { chartBox: box, chartFits: chartFits as BindInput['chartFits'], flagFitsAtTitle: (w) => flagFitsAtTitle(brand, 'en', bodyType, w) } }).slides;
    // Charts that fit where they are keep their flag beside them.
    const asBefore = flagged(bind(() => true));
    expect(asBefore.length).toBeGreaterThan(0);
    expect(asBefore.every((s) => !s.flagAtTitle)).toBe(true);
    // A chart that needs the full width its slide gives it without a flag beside it.
    const target = asBefore.find((s) => box({ ...s, warning: undefined }).widthIn > s.chartRequest.widthIn + 0.1)!;
    expect(target, 'a chart its flag narrows').toBeDefined();
    const roomy = box({ ...target, warning: undefined });
    const moved = flagged(bind((r) => r.widthIn >= roomy.widthIn - 1e-9)).find((s) => s.title === target.title)!;
    expect(moved.flagAtTitle).toBe(true);
    expect(moved.chartRequest.widthIn).toBeCloseTo(roomy.widthIn, 6);
    // Laid out: the flag in the band under the title, the chart beside the callout as without a flag.
    const laid = layoutSlide(moved, brand, layoutContext(brand, 'en', [], bodyType));
    const flag = laid.boxes.find((b) => b.type === 'text' && b.role === 'warning')!;
    const title = laid.boxes.find((b) => b.type === 'text' && b.role === 'title')!;
    expect(flag.box.y).toBeGreaterThanOrEqual(title.box.y + title.box.h - 1e-9);
    expect(flag.box.y + flag.box.h).toBeLessThan(laid.boxes.find((b) => b.type === 'chart')!.box.y + 0.2);
    // A chart that fits nowhere keeps its flag where it was (and fails when drawn, as before).
    expect(flagged(bind(() => false)).find((s) => s.title === target.title)!.flagAtTitle).toBeUndefined();
  });

  it('print a segment figure on a small base as "n < 10", never a share', () => {
    const seg = withRest('region:us-canada');
    const small = Object.values(seg.findings).find((f) => f.base.n > 0 && f.base.n < seg.thresholds.showCounts && whole.findings[f.id].base.n - f.base.n >= 10);
    expect(small, 'a finding with a small base in this region').toBeDefined();
    const aggregates = { ...seg, claims: { ...seg.claims, smallVsRest: { kind: 'rest' as const, finding: small!.id } } };
    const text = textOf(restSlideOf(bindRest(aggregates))!);
    expect(text).toMatch(new RegExp(`United States or Canada: n < 10 [^"]*\\(n = ${small!.base.n}\\)`));
    expect(text).not.toMatch(/NaN/);
  });

  it("print a suppressed figure as the deck's catalogue says (figure.suppressed), per locale", () => {
    const templatesDir = copyTemplates();
    const file = path.join(templatesDir, 'locales', 'de.yaml');
    const before = readFileSync(file, 'utf8');
    const after = before.replace('suppressed: "n < {n, number}"', 'suppressed: "weniger als {n, number}"');
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    const seg = withRest('region:us-canada');
    const small = Object.values(seg.findings).find((f) => f.base.n > 0 && f.base.n < seg.thresholds.showCounts && whole.findings[f.id].base.n - f.base.n >= 10)!;
    const aggregates = { ...seg, claims: { ...seg.claims, smallVsRest: { kind: 'rest' as const, finding: small.id } } };
    const german = textOf(restSlideOf(bindRest(aggregates, { templatesDir, locale: 'de' }))!);
    expect(german).toMatch(new RegExp(`${germanSegment('region', 'us-canada')}: weniger als 10 [^"]*\\(n = ${small.base.n}\\)`));
    expect(german).not.toMatch(/n < 10|NaN/);
    expect(textOf(restSlideOf(bindRest(aggregates, { templatesDir, locale: 'en' }))!)).toContain('n < 10');
  });

  it('a catalogue without a sentence for the outcome fails with CLAIM_UNSUPPORTED naming the message', () => {
    const templatesDir = copyTemplates();
    const file = path.join(templatesDir, 'locales', 'en.yaml');
    const before = readFileSync(file, 'utf8');
    const after = before.replace(/ level \{no clear difference from the rest of the survey\}/, '');
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    const seg = withRest('region:europe', restShare(read(segmentDataFile(dataFile, 'region:europe')).findings.ospoShare.share));
    let thrown: unknown;
    try {
      bindRest(seg, { templatesDir });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SurveydeckError);
    const d = (thrown as SurveydeckError).diagnostics[0];
    expect(d.code).toBe('CLAIM_UNSUPPORTED');
    expect(d.message).toContain('is `level`');
    expect(d.message).toContain('message `rest.line` (en) has no sentence for `level`');
  });
});
