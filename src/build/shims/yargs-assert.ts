// Bundle shim (src/build/bundle.ts): yargs imports Node's `assert` for two internal invariants only.
// Loading node:assert (with its AssertionError, util inspection and colours) was ≈ 15 ms of every CLI
// start; these throw the same way for what yargs asks.
export function strictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) throw new Error(message ?? `expected ${String(expected)}, got ${String(actual)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) throw new Error(message ?? `expected a value other than ${String(expected)}`);
}
