// Fonts stage, public surface: the font registry (families → @fontsource files), the unpacked font
// cache that fontconfig reads, and the width measurer shared by charts and the text fitter.
export {
  FALLBACK_FAMILIES,
  FONT_PACKAGES,
  FONT_WEIGHTS,
  facesOf,
  fontMissing,
  isKnownFamily,
  type FontFace,
  type FontFamily,
  type FontWeight,
} from './catalog.js';
export { defaultFontCacheDir, prepareFonts, type FontCache } from './font-cache.js';
export { faceForCodePoint, measureTextWidthPx, parseFontList, useFontCache, type TextStyle } from './measure.js';
export { assertBrandFonts } from './brand-fonts.js';
