// Assemble stage: public surface. DeckSpec → .pptx bytes, plus (re-exported from src/layout) the slide size and the default chart box.
export { assembleDeck, type AssembleOptions } from './assemble-deck.js';
export { chartBoxFor, EMU_PER_INCH, MARGIN_IN, SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, typeScale } from '../layout/index.js';
export { DEFAULT_CREATED_AT, packageDeck, type PackageOptions } from './package.js';
export { deckDeflater, useDeflateCache } from './deflate-cache.js';
export { validateDeck } from './validate.js';
