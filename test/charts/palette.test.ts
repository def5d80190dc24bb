// Colours that carry meaning and survive colour blindness: tones from the spec's polarity, the
// earlier wave lighter than the current one, and every pair of series colours still apart after a
// deuteranopia and a protanopia simulation (Machado, Oliveira & Fernandes 2009, severity 1).
import { describe, expect, it } from 'vitest';
import { PREVIOUS_WAVE_MIX, rgbOf, seriesRange, toneRange } from '../../src/charts/palette.js';
import { samplePalette } from '../../src/charts/index.js';
import { listBrands, loadBrand } from '../../src/load/brands.js';
import { TEMPLATES } from '../helpers.js';

const MACHADO: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

/** The colour as seen with the deficiency: the matrix applied in linear RGB. */
function simulate(hex: string, kind: keyof typeof MACHADO | 'normal'): [number, number, number] {
  const lin = rgbOf(hex).map((v) => toLinear(v / 255));
  if (kind === 'normal') return lin as [number, number, number];
  return MACHADO[kind].map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]))) as [number, number, number];
}

/** CIE L*a*b* (D65) of a linear RGB colour. */
function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 ΔE between two colours as seen with `kind`. */
function deltaE(a: string, b: string, kind: keyof typeof MACHADO | 'normal'): number {
  const [p, q] = [lab(simulate(a, kind)), lab(simulate(b, kind))];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

function minPairwise(colours: string[], kind: keyof typeof MACHADO | 'normal'): { value: number; pair: string } {
  let best = { value: Infinity, pair: '' };
  for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) {
    const d = deltaE(colours[i], colours[j], kind);
    if (d < best.value) best = { value: d, pair: `${colours[i]}/${colours[j]}` };
  }
  return best;
}

/** "Clearly different at a glance" on a chart: well above the ~2.3 of a just noticeable difference. */
const MIN_DELTA_E = 10;

const brands = listBrands(TEMPLATES).map((name) => loadBrand(TEMPLATES, name));
const levelRows = (tones: (number | undefined)[]) => tones.map((tone, levelIndex) => ({ level: `L${levelIndex}`, levelIndex, share: 0.2, ...(tone !== undefined ? { tone } : {}) }));

describe('toneRange', () => {
  const diverging = ['#B23A48', '#E8A0A8', '#E4E7EB', '#8CCFCB', '#0D7F81'];
  it('draws the palette middle (grey) only for a declared neutral; a positive middle level takes the good side', () => {
    const noNeutral = toneRange(levelRows([-2, -1, 1, 2, 3]), 'level', diverging, '#5B6B7C')!;
    expect(noNeutral).not.toContain('#E4E7EB');
    expect(noNeutral[0]).toBe('#B23A48');
    expect(noNeutral[4]).toBe('#0D7F81');
    expect(noNeutral[2]).toBe('#8CCFCB'); // "Effective": the inner good colour
    const neutral = toneRange(levelRows([-2, -1, 0, 1, 2]), 'level', diverging, '#5B6B7C')!;
    expect(neutral[2]).toBe('#E4E7EB');
  });

  it('gives a level without a tone (a non-answer) the muted colour, and nothing when no row has a tone', () => {
    expect(toneRange(levelRows([-1, 1, undefined]), 'level', diverging, '#5B6B7C')![2]).toBe('#5B6B7C');
    expect(toneRange(levelRows([undefined, undefined]), 'level', diverging, '#5B6B7C')).toBeUndefined();
  });
});

describe('seriesRange', () => {
  it('draws the earlier wave lighter than the current one on a light background, darker on a dark one', () => {
    for (const brand of brands) {
      const bg = `#${brand.colors.background}`;
      const rows = [
        { label: 'a', series: '2024', seriesIndex: 0, share: 0.5 },
        { label: 'a', series: '2023', seriesIndex: 1, share: 0.4, previous: true },
      ];
      const [current, previous] = seriesRange(rows, 'series', brand.colors.categorical.map((c) => `#${c}`), bg)!;
      expect(current).toBe(`#${brand.colors.categorical[0]}`.toUpperCase());
      // The earlier wave sits closer to the background: less visual weight.
      expect(deltaE(previous, bg, 'normal')).toBeLessThan(deltaE(current, bg, 'normal'));
      expect(PREVIOUS_WAVE_MIX).toBeGreaterThan(0);
    }
  });
});

describe('colour-blind safe palettes', () => {
  for (const brand of brands) {
    const hex = (c: string) => `#${c}`;
    const sets: Record<string, string[]> = {
      // Two or three series side by side (segments, waves): the first colours of the categorical palette.
      'segment series': brand.colors.categorical.slice(0, 3).map(hex),
      // A five-level scale with a good end and no neutral, and with a neutral: each level's colour.
      'scale, no neutral': toneRange(levelRows([-2, -1, 1, 2, 3]), 'level', brand.colors.diverging.map(hex), hex(brand.colors.muted))!,
      'scale, neutral': toneRange(levelRows([-2, -1, 0, 1, 2]), 'level', brand.colors.diverging.map(hex), hex(brand.colors.muted))!,
      'a four-level scale resampled': samplePalette(brand.colors.diverging.map(hex), 4),
      'two waves': seriesRange(
        [{ series: 'now', seriesIndex: 0 }, { series: 'then', seriesIndex: 1, previous: true }],
        'series',
        brand.colors.categorical.map(hex),
        hex(brand.colors.background),
      )!,
    };
    for (const [name, colours] of Object.entries(sets)) {
      it(`${brand.name}: ${name} stay ≥ ${MIN_DELTA_E} ΔE apart for deuteranopia and protanopia`, () => {
        for (const kind of ['deuteranopia', 'protanopia'] as const) {
          const { value, pair } = minPairwise(colours, kind);
          expect(value, `${kind}: ${pair}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
        }
      });
    }
  }

  it('the simulation is not the identity: red and green collapse for deuteranopia', () => {
    expect(deltaE('#D55E00', '#009E73', 'normal')).toBeGreaterThan(60);
    expect(deltaE('#CC3333', '#339933', 'deuteranopia')).toBeLessThan(deltaE('#CC3333', '#339933', 'normal') / 2);
  });
});

describe('a stacked scale with no good end', () => {
  it('draws its levels in the sequential palette, light to dark, never the diverging red of a bad end', async () => {
    const { prepareSpec } = await import('../../src/charts/index.js');
    const { prepareFonts, useFontCache } = await import('../../src/fonts/index.js');
    const { readFileSync } = await import('node:fs');
    const { chartRequest } = await import('../fixtures/charts/requests.js');
    useFontCache(prepareFonts());
    const harbor = loadBrand(TEMPLATES, 'harbor');
    const rows = (tones: (number | undefined)[]) =>
      ['Speed', 'Price'].flatMap((item) => tones.map((tone, levelIndex) => ({ item, level: ['No', 'Yes', 'Maybe'][levelIndex], levelIndex, share: 1 / tones.length, ...(tone !== undefined ? { tone } : {}) })));
    const rangeOf = (tones: (number | undefined)[]) => {
      const request = chartRequest('stacked-100', rows(tones));
      const spec = prepareSpec(readFileSync(request.specFile, 'utf8'), request, harbor) as { layer?: { encoding?: { color?: { scale?: { range?: unknown } } } }[]; encoding?: { color?: { scale?: { range?: unknown } } } };
      const colour = [spec.encoding, ...(spec.layer ?? []).map((l) => l.encoding)].find((e) => Array.isArray(e?.color?.scale?.range));
      return colour!.color!.scale!.range as string[];
    };
    const sequential = samplePalette(harbor.colors.sequential.map((c) => `#${c}`), 3);
    expect(rangeOf([undefined, undefined, undefined])).toEqual(sequential);
    // With a polarity (tones), the bad end keeps the diverging palette's red.
    expect(rangeOf([-1, 0, 1])[0]).toBe(`#${harbor.colors.diverging[0]}`);
  });
});
