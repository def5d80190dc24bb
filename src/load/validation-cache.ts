// Load stage: the outcome of validating an input file, kept under --cache, so a build that reads the
// same bytes with the same code does not check them again (the aggregates' schema and XML-text checks
// were 0.18 s of CPU in every build that did any work). One entry per validation and file,
// `<cache>/validated/<name>.<hash of the path>.json`, replaced when the file changes:
//
//   line 1  {"key": sha256(code version, name, file bytes), "digest": sha256(line 2), "bytes": length of line 2}
//   line 2  the validated value as JSON
//
// Only a value that JSON gives back exactly is kept (checked when it is written): plain objects,
// arrays, strings, finite numbers other than -0, booleans and null, no undefined property. An entry
// whose key differs (other bytes, other code) is not used; one whose second line does not have its
// digest (damaged, truncated, edited) is not used either and is written again from a fresh check.
// A cache that cannot be read or written only costs speed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { keptBody, keptHeader, writeKept } from '../incremental/kept-file.js';

export interface ValidationCache {
  /** The folder entries go in (`<cache>/validated`). */
  dir: string;
  /** codeVersion(): another surveydeck, or other dependencies, may validate otherwise. */
  code: string;
}

/** Entries used, validations run and entries refused as damaged in this process, so tests can see the cache at work. */
export const validationStats = { hits: 0, misses: 0, damaged: 0 };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * `validate()`'s value for `bytes` (the content of `file`), from the cache when the same bytes were
 * validated by the same code; `validate` runs (and throws) as it would without a cache otherwise.
 */
export function cachedValidation<T>(cache: ValidationCache | undefined, name: string, file: string, bytes: Uint8Array, validate: () => T): T {
  if (!cache) return validate();
  const key = createHash('sha256').update(`${cache.code}\u0000${name}\u0000`).update(bytes).digest('hex');
  const entry = path.join(cache.dir, `${name}.${sha256(path.resolve(file)).slice(0, 16)}.json`);
  const kept = readEntry<T>(entry, key);
  if (kept !== undefined) {
    validationStats.hits++;
    return kept;
  }
  validationStats.misses++;
  const value = validate();
  const json = JSON.stringify(value);
  if (json !== undefined && jsonRoundTrips(value, JSON.parse(json))) writeKept(entry, `${keptHeader('key', key, json)}${json}\n`);
  return value;
}

function readEntry<T>(entry: string, key: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(entry, 'utf8');
  } catch {
    return undefined; // none yet
  }
  try {
    const json = keptBody(text.replace(/\n$/, ''), 'key', key);
    if (json === undefined) return undefined; // another file content or code: not damaged, just old
    return JSON.parse(json) as T;
  } catch {
    validationStats.damaged++;
    return undefined; // damaged: validate again, and the entry is replaced
  }
}

/** True when `back` (JSON's copy of `value`) is `value` exactly, so a cached value is the very value validation gave. */
export function jsonRoundTrips(value: unknown, back: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value === back;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) && value === back;
  if (Array.isArray(value)) {
    if (!Array.isArray(back) || value.length !== back.length) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonRoundTrips(value[i], back[i])) return false;
    return true;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype || !back || typeof back !== 'object' || Array.isArray(back)) return false;
  const keys = Object.keys(value);
  const backKeys = Object.keys(back);
  if (keys.length !== backKeys.length || Object.getOwnPropertySymbols(value).length) return false;
  return keys.every((k, i) => backKeys[i] === k && jsonRoundTrips((value as Record<string, unknown>)[k], (back as Record<string, unknown>)[k]));
}

