// Bundle shim (src/build/bundle.ts): zod re-exports every one of its ≈ 50 message locales as `z.locales`,
// 360 KB of the bundle that each CLI start compiled (≈ 12 ms). surveydeck reports its own messages and
// leaves zod on its default, English, which zod imports on its own; only that one stays.
export { default as en } from 'zod/v4/locales/en.js';
