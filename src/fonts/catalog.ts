// Fonts stage: the font registry. Family name → one whole TrueType file per weight, taken from the
// @expo-google-fonts packages (static Google Fonts builds, OFL-1.1, OS/2 fsType 0 = installable).
// Whole files rather than @fontsource's unicode-range subsets: fontconfig and LibreOffice match fonts
// by name, and a dozen same-named subsets made them draw most characters as boxes. Pure (paths only).
import { createRequire } from 'node:module';
import { error } from '../diagnostics.js';

/** Weights we ship. Anything ≥ 600 is drawn bold, the rest regular. */
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

/**
 * Family name as brands write it → npm package and the file-name stem its TTFs carry
 * (`<package>/400Regular/<stem>_400Regular.ttf`). Every package is `MIT AND OFL-1.1` (code MIT, fonts
 * OFL), and every file's OS/2 fsType is 0, so embedding in decks is allowed (test/fonts/fonts.test.ts).
 */
export const FONT_PACKAGES = {
  Inter: { package: '@expo-google-fonts/inter', stem: 'Inter' },
  'IBM Plex Sans': { package: '@expo-google-fonts/ibm-plex-sans', stem: 'IBMPlexSans' },
  'Source Sans 3': { package: '@expo-google-fonts/source-sans-3', stem: 'SourceSans3' },
  'Noto Sans SC': { package: '@expo-google-fonts/noto-sans-sc', stem: 'NotoSansSC' },
  'Noto Sans JP': { package: '@expo-google-fonts/noto-sans-jp', stem: 'NotoSansJP' },
  // Hangul: a Korean answer or label in any deck (Noto Sans SC and JP have no Hangul syllables).
  'Noto Sans KR': { package: '@expo-google-fonts/noto-sans-kr', stem: 'NotoSansKR' },
} as const;
export type FontFamily = keyof typeof FONT_PACKAGES;

/** Families tried, in order, for characters the named families lack (CJK and Hangul text in a Latin font). */
export const FALLBACK_FAMILIES: readonly FontFamily[] = ['Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'];

/** Families whose embedded copy is cut to the characters a deck uses: a full weight is 5–10 MB. */
export const SUBSET_EMBEDDED_FAMILIES: readonly FontFamily[] = ['Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'];

export interface FontFace {
  family: FontFamily;
  weight: FontWeight;
  /** Absolute path of the TTF in node_modules. */
  file: string;
  /** File name of its copy in the font cache, e.g. `Inter_400Regular.ttf`. */
  sfntName: string;
}

const WEIGHT_DIR: Record<FontWeight, string> = { 400: '400Regular', 700: '700Bold' };

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
    hint: `known families: ${Object.keys(FONT_PACKAGES).join(', ')}; add a package that ships its TTFs to FONT_PACKAGES in src/fonts/catalog.ts`,
  });
}

const requireFromHere = createRequire(import.meta.url);
const facesByFamily = new Map<FontFamily, FontFace[]>();

/** Both faces of a family (400 and 700, upright). Throws FONT_MISSING if its package is not installed. */
export function facesOf(family: string): FontFace[] {
  if (!isKnownFamily(family)) throw fontMissing(family);
  let faces = facesByFamily.get(family);
  if (!faces) {
    const { package: pkg, stem } = FONT_PACKAGES[family];
    faces = FONT_WEIGHTS.map((weight) => {
      const sfntName = `${stem}_${WEIGHT_DIR[weight]}.ttf`;
      let file: string;
      try {
        file = requireFromHere.resolve(`${pkg}/${WEIGHT_DIR[weight]}/${sfntName}`);
      } catch {
        throw fontMissing(family);
      }
      return { family, weight, file, sfntName };
    });
    facesByFamily.set(family, faces);
  }
  return faces;
}

/** The face of a family at a weight (≥ 600 → bold). */
export function faceOf(family: string, weight: number | string | undefined): FontFace {
  const w = fontWeightFor(weight);
  return facesOf(family).find((f) => f.weight === w)!;
}

export function allFaces(): FontFace[] {
  return (Object.keys(FONT_PACKAGES) as FontFamily[]).flatMap((f) => facesOf(f));
}
