// Fonts stage helper: cut a TrueType font down to the glyphs of some characters (HarfBuzz hb-subset,
// WebAssembly build from `harfbuzzjs`). Pure and synchronous; the same input gives the same bytes.
//
// Not `subset-font` (npm), which wraps the same wasm: its API is async only, and the package step
// that embeds fonts is a synchronous bytes → bytes function. Node compiles this module synchronously
// (browsers limit that on the main thread; Node does not), once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The project compiles without the DOM library, which is where TypeScript declares WebAssembly.
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: object } };
};

interface HarfBuzzSubset {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(bytes: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

let compiled: object | undefined;
let harfbuzz: HarfBuzzSubset | undefined;

function loadHarfBuzz(): HarfBuzzSubset {
  if (!harfbuzz) {
    if (!compiled) {
      const file = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
      compiled = new Wasm.Module(readFileSync(file));
    }
    const instance = new Wasm.Instance(compiled, {});
    harfbuzz = instance.exports as unknown as HarfBuzzSubset;
    harfbuzz._initialize();
  }
  return harfbuzz;
}

/**
 * Let go of HarfBuzz's memory (the compiled module stays). Its WebAssembly memory starts at 65 MiB
 * and never shrinks; cutting a 10 MB CJK face touches about 30 MiB of it, which a build held to its
 * end. The package step calls this once a deck's fonts are cut; the next subset makes a new instance
 * (≈ 10 ms).
 */
export function releaseHarfBuzz(): void {
  harfbuzz = undefined;
}

/**
 * The font with only the glyphs needed for `codePoints` (plus .notdef and what their layout features
 * reach, e.g. vertical and contextual forms). Names, metrics, hinting and OS/2 are kept, so the subset
 * still presents itself as the same family. Throws when HarfBuzz cannot read the font.
 */
export function subsetFont(ttf: Uint8Array, codePoints: Iterable<number>): Buffer {
  const hb = loadHarfBuzz();
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('hb_subset_input_create_or_fail failed');
  const fontPtr = hb.malloc(ttf.byteLength);
  // The wasm memory may grow during any call, detaching older views: take a fresh one each time.
  new Uint8Array(hb.memory.buffer).set(ttf, fontPtr);
  const blob = hb.hb_blob_create(fontPtr, ttf.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    // Keep every layout feature (the default list drops some, e.g. `vert` for vertical punctuation).
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    const subset = hb.hb_subset_or_fail(face, input);
    if (subset === 0) throw new Error('hb_subset_or_fail failed: the font could not be read');
    const result = hb.hb_face_reference_blob(subset);
    const data = hb.hb_blob_get_data(result, 0);
    const length = hb.hb_blob_get_length(result);
    const bytes = Buffer.from(new Uint8Array(hb.memory.buffer).subarray(data, data + length));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    if (length === 0) throw new Error('hb-subset returned an empty font');
    return bytes;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(fontPtr);
  }
}
