// Load stage: turn zod issues into diagnostics naming the file and the JSON path. Pure.
import type { ZodError } from 'zod';
import { SurveydeckError, type DiagnosticCode } from '../diagnostics.js';

/** `$.questions.q20.base.n` from zod's path array. */
export function jsonPath(pathParts: readonly PropertyKey[]): string {
  return (
    '$' +
    pathParts
      .map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`))
      .join('')
  );
}

export function zodIssuesToDiagnostics(code: DiagnosticCode, file: string, err: ZodError): SurveydeckError {
  return new SurveydeckError(
    err.issues.slice(0, 10).map((issue) => ({
      severity: 'error' as const,
      code,
      file,
      message: `${jsonPath(issue.path)}: ${issue.message}`,
    })),
  );
}
