// Ingest: the placeholders `init` writes where only a person can fill in (the survey's title, who
// published it, its licence), so that `aggregate` can tell a spec still holding them. Exact forms, not
// the word: "the TODO Group" publishes real surveys.
export const DRAFT_TODO = 'TODO';
export const draftTitle = (id: string) => `TODO title of ${id}`;
export const DRAFT_URL = 'https://example.org/TODO-';

/** Whether a spec value is one of init's placeholders, as written. */
export function isDraftPlaceholder(value: string): boolean {
  return value === DRAFT_TODO || value.startsWith('TODO title of ') || value.startsWith(DRAFT_URL);
}
