// Scale: the whole job as a sorted list of decks, and the slice of it one machine builds (`--shard i/n`).
// Pure: the CLI passes the environment in. Every shard sees the same sorted list and takes every
// n-th deck from its own offset, so shards are disjoint, together complete, and need no coordination.
import { error } from '../diagnostics.js';

/** 1-based shard `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Environment variables read for a shard: Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX (0-based). */
export const SHARD_ENV = { index: 'JOB_COMPLETION_INDEX', count: 'SURVEYDECK_SHARD_COUNT' } as const;

const HINT = 'give `--shard i/n` with 1 ≤ i ≤ n, e.g. `--shard 2/4`';

/** `"2/4"` → { index: 2, count: 4 }; INVALID_SHARD (exit 2) for anything else. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(text);
  if (!m) throw error('INVALID_SHARD', `\`--shard\` must be i/n (two whole numbers), got \`${text}\``, { hint: HINT });
  return checkShard(Number(m[1]), Number(m[2]), `\`--shard ${text.trim()}\``);
}

export function checkShard(index: number, count: number, what: string): Shard {
  if (count < 1) throw error('INVALID_SHARD', `${what}: the shard count must be at least 1, got ${count}`, { hint: HINT });
  if (index < 1 || index > count) throw error('INVALID_SHARD', `${what}: shard ${index} does not exist; shards are numbered 1 to ${count}`, { hint: HINT });
  return { index, count };
}

/**
 * The shard to build: `--shard i/n` wins; else JOB_COMPLETION_INDEX (0-based) with the count from
 * `--shard-count` or SURVEYDECK_SHARD_COUNT. Undefined: build the whole job.
 */
export function resolveShard(option: { shard?: string; shardCount?: number | string }, env: Record<string, string | undefined>): Shard | undefined {
  if (option.shard !== undefined) {
    if (option.shardCount !== undefined) throw error('INVALID_SHARD', '`--shard i/n` already names the count; leave out `--shard-count`', { hint: HINT });
    return parseShard(option.shard);
  }
  const indexText = env[SHARD_ENV.index];
  const countText = option.shardCount !== undefined ? String(option.shardCount) : env[SHARD_ENV.count];
  const source = option.shardCount !== undefined ? '`--shard-count`' : SHARD_ENV.count;
  if (indexText === undefined || indexText === '') {
    if (option.shardCount !== undefined) throw error('INVALID_SHARD', `\`--shard-count\` needs ${SHARD_ENV.index} (0-based) in the environment, or give \`--shard i/n\``, { hint: HINT });
    return undefined;
  }
  if (countText === undefined || countText === '') {
    throw error('INVALID_SHARD', `${SHARD_ENV.index} is set (${indexText}) but not the shard count`, { hint: `pass --shard-count N or set ${SHARD_ENV.count}, the Job's completions` });
  }
  if (!/^\d{1,9}$/.test(indexText.trim())) throw error('INVALID_SHARD', `${SHARD_ENV.index} must be a whole number, got \`${indexText}\``);
  if (!/^\d{1,9}$/.test(countText.trim())) throw error('INVALID_SHARD', `${source} must be a whole number, got \`${countText}\``);
  return checkShard(Number(indexText) + 1, Number(countText), `${SHARD_ENV.index}=${indexText.trim()} of ${countText.trim()}`);
}

/** Sorted by `key` (code-unit order, the same on every machine and locale), then every n-th from the shard's offset. */
export function sliceJob<T>(jobs: readonly T[], key: (job: T) => string, shard: Shard | undefined): T[] {
  const sorted = [...jobs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return shard ? sorted.filter((_, i) => i % shard.count === shard.index - 1) : sorted;
}
