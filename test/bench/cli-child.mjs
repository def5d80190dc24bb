// Benchmark helper: run the built CLI (dist/cli-run.js, the bundle's entry for `run`) in this process, as `surveydeck …` would, and print one
// JSON line with its exit code, CPU seconds and peak RSS (the whole process: main thread, workers and
// native memory). Plain JS so that the measured process loads nothing but what the CLI loads.
// usage: node cli-child.mjs <dist dir> <surveydeck arguments…>
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [distDir, ...argv] = process.argv.slice(2);
const { run } = await import(pathToFileURL(path.join(distDir, 'cli-run.js')).href);
let stderr = '';
const code = await run(argv, { stdout: () => {}, stderr: (t) => void (stderr += t), cwd: process.cwd() });
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    code,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    lines: stderr.trim().split('\n'),
  }) + '\n',
);
process.exitCode = code;
