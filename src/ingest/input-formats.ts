// Ingest: the export layouts surveydeck reads, on their own so that the CLI can offer them as choices
// without loading the survey spec's schema (zod) on every command.
export const INPUT_FORMATS = ['surveymonkey-expanded', 'surveymonkey-condensed', 'qualtrics', 'tidy'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
