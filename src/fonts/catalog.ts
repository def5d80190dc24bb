// Fonts stage: the font registry. Family name → @fontsource faces (one file per unicode-range subset
// and weight), read from the packages' own CSS so subsets stay in step with the installed version.
// Reads files (package CSS); memoised per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { error } from '../diagnostics.js';

/** Weights we ship. Anything ≥ 600 is drawn bold, the rest regular. */
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

/** Family name as brands write it → @fontsource package. */
export const FONT_PACKAGES = {
  Inter: '@fontsource/inter',
  'IBM Plex Sans': '@fontsource/ibm-plex-sans',
  'Source Sans 3': '@fontsource/source-sans-3',
  'Noto Sans SC': '@fontsource/noto-sans-sc',
  'Noto Sans JP': '@fontsource/noto-sans-jp',
} as const;
export type FontFamily = keyof typeof FONT_PACKAGES;

/** Families tried, in order, for characters the named families lack (CJK text in a Latin font). */
export const FALLBACK_FAMILIES: readonly FontFamily[] = ['Noto Sans SC', 'Noto Sans JP'];

export interface FontFace {
  family: FontFamily;
  weight: FontWeight;
  /** Subset name from the CSS comment, e.g. `latin`, `[57]`. */
  subset: string;
  /** Absolute path of the WOFF 1.0 file in node_modules. */
  woffFile: string;
  /** File name of the unpacked font inside the cache, e.g. `inter-latin-400-normal.ttf`. */
  sfntName: string;
  /** Inclusive code point ranges, sorted. */
  ranges: [number, number][];
}

export function isKnownFamily(name: string): name is FontFamily {
  return Object.hasOwn(FONT_PACKAGES, name);
}

export function fontWeightFor(weight: number | string | undefined): FontWeight {
  const n = weight === 'bold' ? 700 : Number(weight ?? 400);
  return Number.isFinite(n) && n >= 600 ? 700 : 400;
}

/** FONT_MISSING for a family a brand names but the registry cannot supply. */
export function fontMissing(family: string, where: { file?: string } = {}) {
  return error('FONT_MISSING', `No font files for family \`${family}\``, {
    ...where,
    hint: `known families: ${Object.keys(FONT_PACKAGES).join(', ')}; add its @fontsource package to FONT_PACKAGES in src/fonts/catalog.ts`,
  });
}

const requireFromHere = createRequire(import.meta.url);
const facesByFamily = new Map<FontFamily, FontFace[]>();

/** All faces of a family (weights 400 and 700, normal style). Throws FONT_MISSING if not installed. */
export function facesOf(family: string): FontFace[] {
  if (!isKnownFamily(family)) throw fontMissing(family);
  let faces = facesByFamily.get(family);
  if (!faces) {
    faces = FONT_WEIGHTS.flatMap((w) => readFacesFromCss(family, w));
    facesByFamily.set(family, faces);
  }
  return faces;
}

export function allFaces(): FontFace[] {
  return (Object.keys(FONT_PACKAGES) as FontFamily[]).flatMap((f) => facesOf(f));
}

function readFacesFromCss(family: FontFamily, weight: FontWeight): FontFace[] {
  let cssFile: string;
  try {
    cssFile = requireFromHere.resolve(`${FONT_PACKAGES[family]}/${weight}.css`);
  } catch (e) {
    throw fontMissing(family);
  }
  const css = readFileSync(cssFile, 'utf8');
  const faces: FontFace[] = [];
  // One @font-face per subset, preceded by `/* <id>-<subset>-<weight>-normal */`.
  for (const block of css.split('@font-face').slice(1)) {
    if (!/font-style:\s*normal/.test(block)) continue;
    const woff = /url\(\.\/files\/([^)]+\.woff)\)\s*format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!woff || !range) continue;
    faces.push({
      family,
      weight,
      subset: woff.replace(/\.woff$/, ''),
      woffFile: path.join(path.dirname(cssFile), 'files', woff),
      sfntName: woff.replace(/\.woff$/, '.ttf'),
      ranges: parseUnicodeRange(range),
    });
  }
  if (faces.length === 0) throw fontMissing(family, { file: cssFile });
  return faces;
}

/** `U+0000-00FF,U+0131,U+4??` → sorted inclusive ranges. */
export function parseUnicodeRange(css: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of css.split(',')) {
    const m = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!m) continue;
    if (m[1].includes('?')) {
      ranges.push([parseInt(m[1].replace(/\?/g, '0'), 16), parseInt(m[1].replace(/\?/g, 'f'), 16)]);
    } else {
      const lo = parseInt(m[1], 16);
      ranges.push([lo, m[2] ? parseInt(m[2], 16) : lo]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export function faceCovers(face: FontFace, codePoint: number): boolean {
  const r = face.ranges;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codePoint < r[mid][0]) hi = mid - 1;
    else if (codePoint > r[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
