// Test helpers for the ingest stage: where the shared survey data and the fixtures are.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SurveydeckError, type Diagnostic } from '../../src/diagnostics.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = path.resolve(process.env.SURVEYDECK_SHARED_DATA ?? path.resolve(projectRoot, '../shared/data'));
export const fixtures = path.join(projectRoot, 'test/fixtures/ingest');

export const ospo2024 = {
  specFile: path.join(projectRoot, 'data/ospo-2024/survey.yaml'),
  /** The spec names its files relative to the shared data folder. */
  inputDir: sharedData,
  rawFile: path.join(sharedData, 'ospo-survey-2024/raw-numeric.csv'),
  modelFile: path.join(sharedData, 'ospo-survey-2024/reference-model.csv'),
};

/** Half-up rounding to a whole percent, as the decks display shares. */
export function percentHalfUp(share: number): number {
  return Math.floor(share * 100 + 0.5 + 1e-9);
}

/** The diagnostics of a rejected promise (fails the test if it resolves or throws something else). */
export async function diagnosticsOf(promise: Promise<unknown>): Promise<Diagnostic[]> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof SurveydeckError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a SurveydeckError, but the call succeeded');
}
