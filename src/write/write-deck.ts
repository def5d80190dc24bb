// Write stage: bytes → a file. Creates the directory, writes a temp file beside the target and renames
// it over, so a reader never sees a half-written deck (or aggregates file, or cache entry). Temp files
// are tracked so a signal handler can remove them, and a later run removes those a killed one left.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { error } from '../diagnostics.js';

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'EEXIST', 'EISDIR', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'EFBIG']);

/** Which folder a write belongs to: the code and the option that moves it. */
export interface WriteTarget {
  code: 'OUTPUT_NOT_WRITABLE' | 'CACHE_NOT_WRITABLE';
  /** The option a user changes to write elsewhere: `--out`, `--cache`. */
  option: string;
}

const OUTPUT: WriteTarget = { code: 'OUTPUT_NOT_WRITABLE', option: '--out' };
export const CACHE: WriteTarget = { code: 'CACHE_NOT_WRITABLE', option: '--cache' };

export function hintFor(code: string, dir: string, option = '--out'): string {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `a part of \`${dir}\` is a file, not a directory: remove it or choose another ${option} directory`;
    case 'EROFS':
      return `\`${dir}\` is on a read-only file system: choose another ${option} directory`;
    case 'EACCES':
    case 'EPERM':
      return `you may not write to \`${dir}\`: change its permissions or choose another ${option} directory`;
    case 'EISDIR':
      return 'the path is a directory: remove it or choose another name';
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding \`${dir}\` is full: free space or choose another ${option} directory`;
    default:
      return `check that \`${dir}\` exists or can be created, and that you may write to it`;
  }
}

/** The errno of a file-system error we report as "not writable", else undefined. */
export function notWritableCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code && NOT_WRITABLE.has(code) ? code : undefined;
}

export async function writeDeck(file: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(file, bytes, 'the deck');
}

/** Temp files being written by this process (removed by removeLiveTempFiles on a signal). */
const liveTempFiles = new Set<string>();

/**
 * `.<name>.<host>.<pid>.<hex>.tmp`. The host and pid let a later run tell a dead writer's leftovers
 * from a live one's: a pid means something only on the machine that wrote it, and a cache folder may
 * be shared by several machines (shards on a network volume), so another host's temp file is left
 * alone until it is older than STALE_AFTER_MS.
 */
const TEMP_NAME = /^\..+\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/** This machine's name as it appears in temp file names: letters, digits and hyphens only, so the name parses back. */
export function tempHostName(hostname = os.hostname()): string {
  return hostname.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 63) || 'host';
}

/** A new temp file name beside `file`, tracked until `releaseTempFile`. */
export function tempFileFor(file: string): string {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${tempHostName()}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  liveTempFiles.add(temp);
  return temp;
}

export function releaseTempFile(temp: string): void {
  liveTempFiles.delete(temp);
}

/** Write `bytes` to `file` atomically; `what` names the file in the OUTPUT_NOT_WRITABLE message. */
export async function writeAtomically(file: string, bytes: Uint8Array, what: string, target: WriteTarget = OUTPUT): Promise<void> {
  const dir = path.dirname(file);
  const temp = tempFileFor(file);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = notWritableCode(e);
    if (code) throw error(target.code, `cannot write ${what} (${code})`, { file, hint: hintFor(code, dir, target.option) }, e);
    throw e;
  } finally {
    releaseTempFile(temp);
  }
}

/** Remove every temp file this process is writing. Synchronous: safe in a signal handler. */
export function removeLiveTempFiles(): void {
  for (const temp of liveTempFiles) rmSync(temp, { force: true });
  liveTempFiles.clear();
}

/** A command that stops cleanly on a signal (`watch`), set through `stopOnSignal`. */
let stopping: (() => void) | undefined;

/**
 * On SIGINT, SIGTERM or SIGHUP: if a command asked to stop cleanly (`stopOnSignal`), call it once
 * and let it finish and exit on its own; otherwise, or on the next signal, remove this process's temp
 * files and die of the same signal (the handlers are gone by then, so the default action runs).
 * Called by the bin only.
 */
export function removeTempFilesOnSignal(): void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handler = (signal: NodeJS.Signals) => {
    const stop = stopping;
    stopping = undefined;
    if (stop) return stop(); // a second Ctrl-C lands below
    removeLiveTempFiles();
    for (const s of signals) process.removeListener(s, handler);
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, handler);
}

/** Ask that the next signal call `stop` instead of ending the process; returns the withdrawal. */
export function stopOnSignal(stop: () => void): () => void {
  stopping = stop;
  return () => {
    if (stopping === stop) stopping = undefined;
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A temp file older than this is a leftover even if its pid now belongs to another process, or it was
 * written by another machine (whose pids this one cannot check). No single write takes this long.
 */
export const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Remove temp files a killed run left in `dir` (a concurrent build's live ones stay). This host's are
 * judged by their pid; another host's (and names without a host) only by age. Returns how many were
 * removed. A folder that does not exist has none.
 */
export function removeStaleTempFiles(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const host = tempHostName();
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    if (liveTempFiles.has(file)) continue;
    const old = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_AFTER_MS;
    if (!old) {
      if (m[1] !== host) continue; // another machine's: its pid says nothing here
      const pid = Number(m[2]);
      if (pid !== process.pid && isAlive(pid)) continue;
    }
    rmSync(file, { force: true });
    removed++;
  }
  return removed;
}
