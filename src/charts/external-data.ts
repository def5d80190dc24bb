// Charts stage: a chart spec may draw only the rows surveydeck binds. Finds every place a Vega-Lite
// spec would load a URL or a file (data/lookup `url` at any depth, image marks and the `url`
// channel), and a Vega loader that refuses every load as a second line of defence. Pure.
import type * as vega from 'vega';
import { error, SurveydeckError } from '../diagnostics.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface ExternalReference {
  /** JSON path in the spec, e.g. `$.layer[1].data.url`. */
  path: string;
  /** What it would load (shortened for messages). */
  target: string;
}

const MAX_SHOWN_CHARS = 80;

function shown(value: unknown): string {
  // The `url` channel holds `{"value": "…"}` (or `{"field": …}`, a URL per row).
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') value = (value as { value: string }).value;
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > MAX_SHOWN_CHARS ? `${clean.slice(0, MAX_SHOWN_CHARS)}…` : clean;
}

const keyPath = (base: string, key: string | number) =>
  typeof key === 'number' ? `${base}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;

/**
 * Every `url` key (UrlData in `data`, `layer`, `concat`, `facet`, `spec`, lookup `from.data`, the
 * image `url` channel or mark property) and every image mark, anywhere in the spec. `$schema` is
 * only a label and is never loaded.
 */
export function findExternalReferences(spec: Json): ExternalReference[] {
  const found: ExternalReference[] = [];
  // Iterative: a deeply nested hostile spec must not overflow the stack.
  const stack: { node: Json; path: string }[] = [{ node: spec, path: '$' }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: keyPath(path, i) });
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = keyPath(path, key);
      if (key === 'url') found.push({ path: at, target: shown(value) });
      else if (key === 'mark' && (value === 'image' || (value && typeof value === 'object' && !Array.isArray(value) && value.type === 'image'))) {
        found.push({ path: at, target: 'an image mark' });
      } else stack.push({ node: value, path: at });
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** CHART_EXTERNAL_DATA naming the spec file and the JSON path of every reference. */
export function assertNoExternalData(spec: Json, file: string): void {
  const refs = findExternalReferences(spec);
  if (refs.length === 0) return;
  throw new SurveydeckError(
    refs.slice(0, 10).map((r) => ({
      severity: 'error' as const,
      code: 'CHART_EXTERNAL_DATA' as const,
      message: `${r.path}: a chart spec may not load ${r.target.startsWith('an image') ? r.target : `\`${r.target}\``}`,
      file,
      hint: 'charts draw only the rows surveydeck binds as `{"data": {"name": "table"}}`; no URLs, files or images',
    })),
  );
}

/**
 * A Vega loader that refuses every load (data URLs, images, files) and remembers what was asked, so
 * a reference the static check missed still fails the chart instead of reaching the network or disk.
 * `base` is `vega.loader()`: the caller draws with vega, the static check above does not load it.
 */
export function refusingLoader(file: string, base: vega.Loader): { loader: vega.Loader; refused: () => SurveydeckError | undefined } {
  const asked: string[] = [];
  const refuse = async (uri: unknown): Promise<never> => {
    asked.push(shown(uri));
    throw new Error(`surveydeck refuses to load \`${shown(uri)}\``);
  };
  const loader = Object.assign(Object.create(base) as vega.Loader, {
    load: refuse,
    sanitize: refuse,
    http: refuse,
    file: refuse,
  });
  return {
    loader,
    refused: () =>
      asked.length
        ? error('CHART_EXTERNAL_DATA', `the chart tried to load ${asked.map((a) => `\`${a}\``).join(', ')}`, {
            file,
            hint: 'charts draw only the rows surveydeck binds as `{"data": {"name": "table"}}`; no URLs, files or images',
          })
        : undefined,
  };
}
