// `npm run bench`: the deck build (cold and warm), the ingest at 100k and 1M respondents, and the per-region matrix.
// Each runs in its own process so that one's peak memory does not hide the other's.
// Pass --only build|ingest|segments to run one; other arguments go to each.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
let failed = false;
for (const bench of ['build', 'ingest', 'segments']) {
  if (only && only !== bench) continue;
  console.log(`\n── ${bench} ──`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${bench}.ts`), ...args], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exitCode = failed ? 1 : 0;
