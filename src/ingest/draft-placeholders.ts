// Ingest: the placeholders `init` writes where only a person can fill in (the survey's title, who
// published it, its licence), so that `aggregate` can tell a spec still holding them. Exact forms, not
// the word: "the TODO Group" publishes real surveys.
export const DRAFT_TODO = 'TODO';
export const draftTitle = (id: string) => `TODO title of ${id}`;
export const DRAFT_URL = 'https://example.org/TODO-';
/** A question whose wording the export leaves out (Typeform's columns headed by their answers). */
export const draftWording = (answers: string[]) => `TODO wording of the question answered ${answers.join(', ')}`;

/** Whether a spec value is one of init's placeholders, as written. */
export function isDraftPlaceholder(value: string): boolean {
  return value === DRAFT_TODO || value.startsWith('TODO title of ') || value.startsWith(DRAFT_URL) || value.startsWith('TODO wording of the question ');
}
