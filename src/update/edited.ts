// Refresh: whether a deck on disk was edited since the build wrote it (its bytes are no longer those
// its build record names), and the error a build gives instead of overwriting it. Reads the deck's hash.
import { error, type Diagnostic } from '../diagnostics.js';
import type { DeckRecord, FileHashes } from '../incremental/deck-record.js';

/** True when the deck exists and is not the one last written. A missing deck is not an edit. */
export async function editedSince(record: DeckRecord, deckFile: string, hashes: FileHashes): Promise<boolean> {
  const onDisk = await hashes.of(deckFile);
  return onDisk !== undefined && onDisk !== record.sha256;
}

export function deckEdited(deckFile: string): Diagnostic {
  return error('DECK_EDITED', 'the deck was edited since surveydeck wrote it; building would overwrite the edits', {
    file: deckFile,
    hint: `\`surveydeck update ${deckFile} --data <aggregates>\` refreshes it keeping the edits; --force overwrites it`,
  }).diagnostics[0];
}
