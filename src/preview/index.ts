// Preview stage, public surface: decks on disk → PDF, slide PNGs and a contact sheet through LibreOffice.
export { findPreviewTools, PREVIEW_INSTALL_COMMAND, previewDeck, writeContactSheet, type DeckPreview, type PreviewOptions, type PreviewTools } from './preview-deck.js';
