// Every temporary folder the tests make (tempDir, the CLI's children, LibreOffice's profile) goes under
// one folder of this run, removed when the run ends: a suite leaves nothing in the system's temp folder
// (runs of earlier sessions, each leaving its folders behind, once filled this machine's disk).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'surveydeck-tests-'));
  // Searchable by other users as /tmp is (each folder made inside is still its owner's alone): a test
  // runs the CLI as nobody to see a folder it cannot read refused.
  chmodSync(dir, 0o755);
  // Read by os.tmpdir() in the test workers, forked after this, and in every process they start.
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
