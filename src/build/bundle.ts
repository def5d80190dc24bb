// Build step, not part of the CLI: bundle the bin with esbuild (`npm run build` runs it after tsc).
// Node resolves, reads and compiles every ES module and CommonJS file on its own: a forced one-deck
// build loaded ≈ 900 files (zod alone 95, yargs 30, @stdlib's small packages dozens) and spent 560 ms
// of its 1.19 s CPU in module loading. The bundle is one entry and a few dozen chunks split at the
// dynamic imports the CLI already makes (vega, sharp, the ingest and update commands load only when
// used): the same build spends ≈ 340 ms there. tsc's per-module dist/ stays the library (`main`).
//
// Left outside the bundle: native addons (sharp), optional native peers some packages probe for
// (canvas, fsevents), exceljs (CommonJS with data files of its own, loaded only for .xlsx exports), and
// what the code loads through createRequire (fontkit, budoux, hyphen, yaml, saxes, vega-format), which
// esbuild does not follow. Those resolve from node_modules next to the project, as before.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The entry points: the bin, and the CLI's `run` for callers that measure it in-process (test/bench). */
export const BUNDLE_ENTRIES = { bin: 'src/bin.ts', 'cli-run': 'src/cli/run.ts', 'bind-worker': 'src/bind-worker.ts' } as const;

/**
 * Bundle `<projectRoot>/src` into `<outdir>/bin.js`, `<outdir>/cli-run.js` and `<outdir>/chunks/`.
 * The output must sit one level under a folder holding package.json (src/project.ts finds the
 * project root and the code to fingerprint from where its chunk lies). Old chunks are removed first.
 */
export async function bundle(opts: { projectRoot: string; outdir: string }): Promise<void> {
  rmSync(path.join(opts.outdir, 'chunks'), { recursive: true, force: true });
  await build({
    absWorkingDir: opts.projectRoot,
    entryPoints: Object.fromEntries(Object.entries(BUNDLE_ENTRIES).map(([name, file]) => [name, path.join(opts.projectRoot, file)])),
    outdir: opts.outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp', 'canvas', 'fsevents', 'exceljs'],
    // CommonJS packages in an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __surveydeckRequire } from 'node:module'; const require = __surveydeckRequire(import.meta.url);" },
    plugins: [shims(opts.projectRoot)],
    logLevel: 'warning',
  });
}

/**
 * What dependencies load and surveydeck never uses, replaced by the files in src/build/shims: yargs's
 * `assert` (two invariants), pptxgenjs's `node:https` (fetching images by URL) and zod's locales but English.
 */
function shims(projectRoot: string): Plugin {
  const shim = (name: string) => ({ path: path.join(projectRoot, 'src', 'build', 'shims', name) });
  return {
    name: 'surveydeck-shims',
    setup(b) {
      b.onResolve({ filter: /^(node:)?assert$/ }, (args) => (/[\\/]node_modules[\\/]yargs[\\/]/.test(args.importer) ? shim('yargs-assert.ts') : undefined));
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? shim('zod-locales.ts') : undefined));
      b.onResolve({ filter: /^(node:)?https$/ }, (args) => (/[\\/]node_modules[\\/]pptxgenjs[\\/]/.test(args.importer) ? shim('pptxgen-no-https.ts') : undefined));
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  await bundle({ projectRoot, outdir: path.join(projectRoot, 'dist') });
}
