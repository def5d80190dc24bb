// Load stage: turn zod issues into diagnostics naming the file and the JSON path. Pure.
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
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

/**
 * The same for a YAML file parsed with `parseDocument`: each issue carries the line and column of
 * the value it is about (or of the nearest enclosing one that exists, for a missing key).
 */
export function zodIssuesAtNodes(code: DiagnosticCode, file: string, err: ZodError, doc: Document, lineCounter: LineCounter): SurveydeckError {
  return new SurveydeckError(
    err.issues.flatMap(closestAlternative).slice(0, 10).map((issue) => {
      let at = issue.path as (string | number)[];
      let node = doc.getIn(at, true) as YamlNode | undefined;
      while (!node?.range && at.length > 0) {
        at = at.slice(0, -1);
        node = (at.length ? doc.getIn(at, true) : doc.contents) as YamlNode | undefined;
      }
      const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
      return { severity: 'error' as const, code, file, message: `${jsonPath(issue.path)}: ${issue.message}`, ...(pos ? { line: pos.line, column: pos.col } : {}) };
    }),
  );
}

type Issue = ZodError['issues'][number];

/**
 * A value that fits none of a union's forms (a slide entry, a `generate` entry) gets zod's bare "Invalid
 * input" at the entry; the form that came closest (fewest issues, then the deepest) says what is wrong
 * and where: `$.slides[3].chart.rows`, not `$.slides[3]`.
 */
function closestAlternative(issue: Issue): Issue[] {
  const forms = issue.code === 'invalid_union' ? (issue as Issue & { errors?: Issue[][] }).errors : undefined;
  if (!forms?.length) return [issue];
  const depth = (list: Issue[]) => Math.max(0, ...list.map((i) => i.path.length));
  const [best] = forms.map((f) => f.flatMap(closestAlternative)).sort((a, b) => a.length - b.length || depth(b) - depth(a));
  return best.length ? best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) : [issue];
}
