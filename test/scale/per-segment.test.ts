// `build --per region`: one deck per region from that region's own aggregates (`aggregate --per`),
// each carrying its own bases; small cells suppressed ("n < 10", no bar); regions under the minimum
// base get no deck and a warning naming them; unknown or empty segments exit 2.
import { restOfSurvey } from '../../src/scale/rest.js';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindSlides } from '../../src/bind/bind-slides.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import type { Aggregates } from '../../src/ir.js';
import { loadCatalogue, surveyDirOf } from '../../src/load/catalogue.js';
import { loadDeckManifest } from '../../src/load/decks.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { buildDecks } from '../../src/pipeline.js';
import { segmentDataFile } from '../../src/scale/segments.js';
import { printSuppressed, suppressSmallCells } from '../../src/scale/suppress.js';
import { AGGREGATES, copySurveyTexts, runCli, slideNames, TEMPLATES, tempDir, text, unzip } from '../helpers.js';

const dataDir = copySurveyTexts(tempDir('sd-per-data-'));
const dataFile = path.join(dataDir, 'aggregates.json');
const outDir = tempDir('sd-per-out-');
const REGIONS_WITH_DECKS = ['europe', 'us-canada'];
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Aggregates;
/** Every `<a:t>` and `descr` text of a slide, entities decoded. */
const slideText = (xml: string) =>
  [...xml.matchAll(/<a:t>([^<]*)<\/a:t>|descr="([^"]*)"/g)].map((m) => (m[1] ?? m[2]).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/[\u00a0\u202f]/g, ' ')).join('\n'); // the fitter keeps "n = 27" together with no-break spaces

let stderr = '';
beforeAll(async () => {
  const aggregated = await runCli(['aggregate', '--per', 'region', '--per', 'size', '--per', 'ospo', '--out', dataFile]);
  expect(aggregated.code, aggregated.stderr).toBe(0);
  const built = await runCli(['build', '--per', 'region', '-a', 'executive-briefing', '-l', 'en', '--data', dataFile, '--out', outDir, '--cache', tempDir('sd-per-cache-')]);
  expect(built.code, built.stderr).toBe(0);
  stderr = built.stderr;
}, 300_000);

describe('aggregate --per region', () => {
  it("writes one full aggregates file per region, with that region's respondents only", () => {
    const whole = read(dataFile);
    let total = 0;
    for (const def of whole.segments.region) {
      const file = segmentDataFile(dataFile, def.id);
      expect(existsSync(file), file).toBe(true);
      const seg = read(file);
      expect(seg.survey.respondents).toBe(def.n);
      // Everyone left is in the region: its crosstab by region has no one elsewhere.
      expect(seg.questions.q5.crosstabs!.region.filter((s) => s.segment !== def.id).every((s) => s.base.n === 0)).toBe(true);
      total += seg.survey.respondents;
    }
    expect(total).toBe(whole.survey.respondents);
  });
});

describe('the earlier wave of a segment', () => {
  it('is cut by the same segment where the spec matches its question (size), and absent where it cannot be (region)', () => {
    const whole = read(dataFile);
    const large = read(segmentDataFile(dataFile, 'size:large'));
    const trend = large.questions.q34.trend!;
    expect(trend.base.n).toBeGreaterThan(0);
    expect(trend.base.n).toBeLessThan(whole.questions.q34.trend!.base.n);
    expect(read(segmentDataFile(dataFile, 'region:europe')).questions.q34.trend).toBeUndefined();
  });

  it("a region's deck leaves out the slides comparing with 2023, and chart slides with every bar suppressed, saying so", () => {
    // As `build --per` gives a segment's deck its data: with the rest of the survey beside it.
    const withRest = (segment: string) => {
      const data = read(segmentDataFile(dataFile, segment));
      return { ...data, rest: restOfSurvey(read(dataFile), data, segment) };
    };
    const seg = withRest('region:us-canada');
    const bind = (audience: string, aggregates = seg) =>
      bindSlides({
        manifest: loadDeckManifest(TEMPLATES, audience),
        aggregates,
        templates: loadSlideTemplates(TEMPLATES, createHandlebars()),
        catalogue: loadCatalogue(TEMPLATES, 'en', surveyDirOf(AGGREGATES)),
        chartsDir: path.join(TEMPLATES, 'charts'),
        chartBox: { widthIn: 8, heightIn: 4 },
        suppressBelow: aggregates.thresholds.showCounts,
      });
    const talk = bind('conference-talk');
    expect(talk.slides.some((s) => s.title === 'How critical is the OSPO?')).toBe(false);
    expect(talk.diagnostics.filter((d) => d.code === 'SEGMENT_SLIDE_OMITTED').map((d) => d.message)).toEqual([
      // The regions chart, in a region's deck: one bar at 100%.
      "slide `highlights.region.title` left out: it charts q5, which defines this deck's segment (every respondent in it gave one answer)",
      'slide `highlights.critical.title` left out: its chart compares with the earlier wave, which this segment\'s data does not have',
      'slide `highlights.noPlan.title` left out: its chart compares with the earlier wave, which this segment\'s data does not have',
    ]);
    const full = bind('full-results');
    expect(seg.questions.q41.base.n).toBeLessThan(10);
    expect(full.slides.some((s) => s.title.startsWith('When the organization plans to start an OSPO'))).toBe(false);
    expect(full.diagnostics.map((d) => d.message)).toContain('slide `When the organization plans to start an OSPO` left out: every figure on it rests on fewer than 10 respondents');
    expect(full.slides.every((s) => !s.chartRequest || s.chartRequest.rows.length > 0)).toBe(true);
    // The region question is the segment: one bar at 100% says nothing of it, so its slide is left out.
    expect(seg.questions.q5.options.filter((o) => o.count > 0)).toHaveLength(1);
    expect(full.slides.some((s) => s.kind === 'chart' && s.key === 'q5')).toBe(false);
    expect(full.diagnostics.map((d) => d.message)).toContain(`slide \`q5\` left out: it charts q5, which defines this deck's segment (every respondent in it gave one answer)`);
    // A segment of two answers (large: 10,000–49,999 and 50,000+) keeps its question's slide: the split between them is news.
    const large = withRest('size:large');
    expect(large.questions.q4.options.filter((o) => o.count > 0).length).toBeGreaterThan(1);
    const largeFull = bind('full-results', large);
    expect(largeFull.slides.some((s) => s.kind === 'chart' && s.key === 'q4')).toBe(true);
  });
});

describe('build --per region', () => {
  it('writes one deck per region at or above the minimum base, named <audience>.region-<value>.<locale>.pptx, and warns naming the others', () => {
    const whole = read(dataFile);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.pptx')).sort()).toEqual(REGIONS_WITH_DECKS.map((r) => `executive-briefing.region-${r}.en.pptx`));
    const small = whole.segments.region.filter((d) => d.n < whole.thresholds.smallBase);
    expect(small.length).toBeGreaterThan(0);
    for (const d of small) expect(stderr).toContain(`warning SEGMENT_TOO_SMALL: no deck for ${d.id} (${d.label}): ${d.n} respondent`);
    for (const d of whole.segments.region.filter((x) => x.n >= whole.thresholds.smallBase)) expect(stderr).not.toContain(`no deck for ${d.id} `);
  });

  it("each region's deck carries that region's own bases in its footnotes and footer", () => {
    const whole = read(dataFile);
    const seen = new Set<number>();
    for (const region of REGIONS_WITH_DECKS) {
      const seg = read(segmentDataFile(dataFile, `region:${region}`));
      const parts = unzip(readFileSync(path.join(outDir, `executive-briefing.region-${region}.en.pptx`)));
      const slides = slideNames(parts).map((n) => slideText(text(parts, n)));
      const genai = slides.find((s) => s.includes('developing or managing GenAI infrastructure'))!;
      const n = seg.questions.q20.base.n;
      expect(genai).toContain(`Base: respondents with an OSPO who answered (n = ${n})`);
      expect(genai).toContain(`; ${seg.questions.q20.base.asked} were asked.`);
      expect(n).not.toBe(whole.questions.q20.base.n);
      seen.add(n);
      const security = slides.find((s) => s.includes('decide on or advise about open source security'))!;
      expect(security).toContain(`(n = ${seg.findings.securityRole.base.n})`);
      expect(slides.at(-1)!).toContain(`${seg.survey.respondents} respondents`);
      const layouts = [...parts.keys()].filter((k) => /slideLayouts\/slideLayout\d+\.xml$/.test(k)).map((k) => text(parts, k)).join('').replace(/[\u00a0\u202f]/g, ' ');
      expect(layouts).toContain(`N = ${seg.survey.respondents}`);
      expect(layouts).not.toContain(`N = ${whole.survey.respondents}`);
      for (const s of slides) expect(s).not.toMatch(/NaN/);
      // The slide against the rest of the survey: the region's figure and base, and the rest's (the whole less the region).
      const rest = slides.find((s) => s.includes('against the rest of the survey'))!;
      expect(rest).toBeDefined();
      const restN = whole.findings.ospoShare.base.n - seg.findings.ospoShare.base.n;
      expect(rest).toMatch(new RegExp(`: ${Math.round(seg.findings.ospoShare.share * 100)}% [^(\\n]* \\(n = ${seg.findings.ospoShare.base.n}\\), .* \\(${Math.round(((whole.findings.ospoShare.count - seg.findings.ospoShare.count) / restN) * 100)}%, n = ${restN}\\)\\.`));
      expect(slides.indexOf(rest)).toBe(slides.length - 2); // before the sources
    }
    expect(seen.size).toBe(REGIONS_WITH_DECKS.length); // the regions' bases differ from each other too
  });

  it('suppresses small cells: a figure on fewer than 10 respondents reads "n < 10" and its bars are not drawn', () => {
    const seg = read(segmentDataFile(dataFile, 'region:us-canada'));
    const below = seg.thresholds.showCounts;
    const smallSize = seg.questions.q21.crosstabs!.size.find((s) => s.segment === 'size:small')!;
    expect(smallSize.base.n).toBeLessThan(below); // what makes this test able to fail
    expect(seg.findings.roiChallenge.base.n).toBeLessThan(below);

    const parts = unzip(readFileSync(path.join(outDir, 'executive-briefing.region-us-canada.en.pptx')));
    const slides = slideNames(parts).map((n) => slideText(text(parts, n)));
    const priorities = slides.find((s) => s.includes('Top responsibilities'))!;
    expect(priorities).toMatch(/Large \(10,000\+\) \d+%, Small \(under 50\) n < 10/); // alt text
    const gap = slides.find((s) => s.includes('justifying it financially'))!;
    expect(gap).toContain('n < 10 of respondents planning an OSPO list justifying it financially');
    expect(gap).not.toMatch(new RegExp(`\\b${Math.round(seg.findings.roiChallenge.share * 100)}% of respondents planning`));

    // The chart draws no bar for the small group; the large group's bars stay.
    const bound = bindSlides({
      manifest: loadDeckManifest(TEMPLATES, 'executive-briefing'),
      aggregates: seg,
      templates: loadSlideTemplates(TEMPLATES, createHandlebars()),
      catalogue: loadCatalogue(TEMPLATES, 'en', surveyDirOf(AGGREGATES)),
      chartsDir: path.join(TEMPLATES, 'charts'),
      chartBox: { widthIn: 8, heightIn: 4 },
      suppressBelow: below,
    });
    const rows = bound.slides.find((s) => s.chartRequest?.altText.includes('Top responsibilities'))!.chartRequest!.rows;
    expect(rows.filter((r) => r.seriesIndex === 0).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.seriesIndex === 1)).toEqual([]);
    expect(rows.every((r) => Number.isFinite(r.share))).toBe(true);
  });

  it('suppression keeps bases and only hides figures under the threshold', () => {
    const seg = read(segmentDataFile(dataFile, 'region:us-canada'));
    const s = suppressSmallCells(seg, 10);
    expect(s.findings.genaiInvolved.share).toBe(seg.findings.genaiInvolved.share); // n = 39
    expect(s.findings.roiChallenge.share).toBeNaN();
    expect(s.findings.roiChallenge.base).toEqual(seg.findings.roiChallenge.base);
    expect(printSuppressed('NaN%, NaN\u202f%, NaN\u00a0%, NaN % and NaN', 10)).toBe('n < 10, n < 10, n < 10, n < 10 and n < 10');
  });

  it('rebuilding the segment decks skips them unchanged, and shards split them like any other decks', async () => {
    const again = await buildDecks({ per: ['region'], audiences: ['executive-briefing'], locales: ['en'], dataFile, outDir });
    expect(again.decks).toEqual([]);
    expect(again.skipped.map((d) => path.basename(d.file))).toEqual(REGIONS_WITH_DECKS.map((r) => `executive-briefing.region-${r}.en.pptx`));
    expect(again.diagnostics.filter((d) => d.code === 'SEGMENT_TOO_SMALL').length).toBe(7);
    const second = await buildDecks({ per: ['region'], audiences: ['executive-briefing'], locales: ['en'], dataFile, outDir, shard: { index: 2, count: 2 } });
    expect(second.skipped.map((d) => path.basename(d.file))).toEqual(['executive-briefing.region-us-canada.en.pptx']);
  });
});

describe('build --per: bad segments', () => {
  for (const [per, pattern] of [
    ['planet', /^error UNKNOWN_SEGMENT: Expected `--per` to be one of `size`, `region`, `ospo`, got `planet`/m],
    ['region:mars', /^error UNKNOWN_SEGMENT: Expected `--per region:…` to be one of `region:us-canada`, .*, got `region:mars`/m],
  ] as const) {
    it(`\`--per ${per}\` exits 2 with one line and writes nothing`, async () => {
      const out = tempDir('sd-per-bad-');
      const r = await runCli(['build', '--per', per, '--data', dataFile, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.replace(/^\S+: /, '')).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(out)).toEqual([]);
    });
  }

  it("builds every region's talk in the languages whose texts run longest (the rest slides spread, the flags sized and placed)", async () => {
    // Each of these failed once: TEXT_OVERFLOW on the rest slide at 24 pt, CHART_TOO_DENSE on Europe's English q36 grid.
    const out = tempDir('sd-per-talk-');
    const built = await runCli(['build', '--per', 'region', '-a', 'conference-talk', '-l', 'en', '-l', 'de', '-l', 'es', '-l', 'fr', '--charts', 'picture', '--data', dataFile, '--out', out, '--cache', tempDir('sd-per-cache-')]);
    expect(built.code, built.stderr).toBe(0);
    const decks = readdirSync(out).filter((f) => f.endsWith('.pptx'));
    expect(decks.sort()).toEqual(REGIONS_WITH_DECKS.flatMap((r) => ['de', 'en', 'es', 'fr'].map((l) => `conference-talk.region-${r}.${l}.pptx`)).sort());
  }, 300_000);

  it('a segment with no respondents exits 2 with EMPTY_SEGMENT', async () => {
    const dir = tempDir('sd-per-empty-');
    const file = path.join(dir, 'aggregates.json');
    const whole = read(dataFile);
    whole.segments.region = whole.segments.region.map((d) => (d.id === 'region:rest-of-world' ? { ...d, n: 0 } : d));
    writeFileSync(file, JSON.stringify(whole));
    const out = tempDir('sd-per-bad-');
    const r = await runCli(['build', '--per', 'region:rest-of-world', '--data', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error EMPTY_SEGMENT: segment `region:rest-of-world` has no respondents/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a segment whose aggregates were not computed names the command that computes them', async () => {
    const dir = tempDir('sd-per-missing-');
    copyFileSync(dataFile, path.join(dir, 'aggregates.json'));
    const r = await runCli(['build', '--per', 'size:large', '--data', path.join(dir, 'aggregates.json'), '--out', tempDir('sd-per-bad-')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'segments', 'size-large.json')}: error MISSING_FILE: no aggregates for this segment (run \`surveydeck aggregate --per size\`)`);
  });
});

describe('build --per size', () => {
  it("builds every size's briefing and talk: a slide whose claim compares sizes the segment does not hold is left out, saying which and why", async () => {
    const out = tempDir('sd-per-size-');
    const built = await runCli(['build', '--per', 'size', '-a', 'executive-briefing', '-a', 'conference-talk', '-l', 'en', '--data', dataFile, '--out', out, '--cache', tempDir('sd-per-size-cache-')]);
    // It stopped with INTERNAL (a test on a group of 0 of 0) in every size's deck.
    expect(built.stderr).not.toMatch(/INTERNAL/);
    expect(built.code, built.stderr).toBe(0);
    const whole = read(dataFile);
    const sized = whole.segments.size.filter((d) => d.n >= whole.thresholds.smallBase);
    expect(sized.length).toBeGreaterThan(1);
    expect(readdirSync(out).filter((f) => f.endsWith('.pptx')).length).toBe(2 * sized.length);
    // The large organizations' briefing has no small ones to compare with: the slide drawing large against
    // small (ospoSmall is of no one there) and the slide testing their priorities are left out.
    expect(built.stderr).toContain('warning SEGMENT_SLIDE_OMITTED: executive-briefing.size-large.en: slide `highlights.adoption.title` left out: its figure `findings.ospoSmall` has no respondents in this segment');
    expect(built.stderr).toMatch(/executive-briefing\.size-small\.en: slide `highlights\.priorities\.title` left out: claim `prioritiesBySize` cannot be tested: segment `size:large` has no respondents who answered `q21`/);
    const parts = unzip(readFileSync(path.join(out, 'executive-briefing.size-large.en.pptx')));
    const slides = slideNames(parts).map((n) => slideText(text(parts, n)));
    expect(slides.some((s) => /Large organizations are (more|about as) likely/.test(s))).toBe(false);
    for (const s of slides) expect(s).not.toMatch(/NaN|Infinity/);
  }, 300_000);

  it("builds every OSPO status's decks: a slide on a figure of respondents the segment has none of is left out", async () => {
    const out = tempDir('sd-per-ospo-');
    const built = await runCli(['build', '--per', 'ospo', '-a', 'executive-briefing', '-l', 'en', '--data', dataFile, '--out', out, '--cache', tempDir('sd-per-ospo-cache-')]);
    expect(built.code, built.stderr).toBe(0);
    // Those without an OSPO: every figure about OSPOs (GenAI involvement, security role) is of no one.
    expect(built.stderr).toMatch(/executive-briefing\.ospo-none\.en: slide `highlights\.genai\.title` left out: its figure `findings\.genaiInvolved` has no respondents in this segment/);
    // A figure on the question that defines the segment is 0% (or 100%) by definition: "large and small
    // organizations are about as likely to have an OSPO: 0% against 0%" is left out of both decks.
    for (const segment of ['none', 'has']) expect(built.stderr).toContain(`executive-briefing.ospo-${segment}.en: slide \`highlights.adoption.title\` left out: its figure \`findings.ospoLarge\` counts answers to q12, which defines this deck's segment`);
    const parts = unzip(readFileSync(path.join(out, 'executive-briefing.ospo-none.en.pptx')));
    const slides = slideNames(parts).map((n) => slideText(text(parts, n)));
    for (const s of slides) expect(s).not.toMatch(/NaN|n = 0\)/);
    expect(slides.some((s) => /likely to have an OSPO/.test(s))).toBe(false);
    // Nor "No OSPO: 0% report an OSPO, a lower share than the rest", nor a quote of figures about OSPOs.
    expect(built.stderr).toContain('executive-briefing.ospo-none.en: slide comparing ospo:none with the rest of the survey left out (ospoVsRest): their figures count answers to q12');
    expect(slides.some((s) => /rest of the survey/.test(s))).toBe(false);
    expect(slides.some((s) => /n < 10 of respondents with an OSPO/.test(s))).toBe(false);
    // The sources slide stays, whatever figures it quotes: it states the sample and the source.
    expect(slides.at(-1)).toMatch(/Methodology and source/);
  }, 300_000);
});
