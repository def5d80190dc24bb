// Assemble stage: public surface. DeckSpec → .pptx bytes, plus the geometry other stages measure against.
export { assembleDeck, type AssembleOptions } from './assemble-deck.js';
export { CHART_BOX, chartBoxFor, EMU_PER_INCH, LAYOUT, MARGIN_IN, SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, textBoxes, typeScale, type BoxIn, type ChartSlideKind, type TextBoxSpec } from './layout.js';
export { DEFAULT_CREATED_AT, packageDeck, type PackageOptions } from './package.js';
export { validateDeck } from './validate.js';
