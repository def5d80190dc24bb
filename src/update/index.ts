// Refresh stage: public surface. An edited deck + new aggregates → the deck with new data and the edits.
export { defaultOutFile, updateDeck, type UpdateOptions, type UpdateResult } from './update-deck.js';
export { mergeDeck, replaceText, type UpdateReport } from './merge.js';
export { PACKAGE_LIMITS, partNameProblem, readDeckPackage, type PackageLimits } from './read-package.js';
