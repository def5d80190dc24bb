// CLI: the shape of a command and option builders whose values are checked while yargs parses, so a
// bad path is a usage error (exit 2) before any command does work. Reads file metadata only.
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Argv, Options } from 'yargs';
import { error, SurveydeckError, type ExitCode } from '../diagnostics.js';
import type { Io } from './reporter.js';

/** Options every command has. */
export interface CommonArgs {
  json: boolean;
  verbose: boolean;
  templates?: string;
}

/**
 * One CLI command. `options` declares its options and examples; `run` does the work and is called
 * only once the whole command line has been checked (yargs `.strict()` reports unknown options after
 * a command handler started, so handlers here only record which command was chosen).
 */
export interface CliCommand {
  /** yargs command string, e.g. `build`. */
  name: string;
  describe: string;
  options: (y: Argv) => Argv;
  /** Returns the exit code, or nothing for 0. Throws SurveydeckError for diagnostics. */
  run: (args: CommonArgs & Record<string, unknown>, io: Io) => Promise<ExitCode | void>;
}

/** Longest path and path segment accepted (Linux PATH_MAX and NAME_MAX, in bytes). */
export const MAX_PATH_BYTES = 4096;
export const MAX_PATH_SEGMENT_BYTES = 255;

type PathKind =
  /** An input file: may be missing (the loader says so), must not be a folder. */
  | 'file'
  /** An input folder that must exist. */
  | 'dir'
  /** A file to write: must not be a folder. */
  | 'out-file'
  /** A folder to write into (created when missing; the writer reports one that cannot be). */
  | 'out-dir';

// yargs rethrows an error from `coerce` as a plain YError with only the message; keep ours by message
// so the fail handler can report the diagnostic itself (file, hint), not its formatted text.
const coerceErrors = new Map<string, SurveydeckError>();

/** The SurveydeckError a `coerce` threw, from the message yargs passes to `.fail()`. */
export function takeCoerceError(message: string | undefined): SurveydeckError | undefined {
  if (message === undefined) return undefined;
  const found = coerceErrors.get(message);
  coerceErrors.delete(message);
  return found;
}

/** A single path value, checked as yargs parses it. */
export function pathOption(kind: PathKind, name: string, opts: Options): Options {
  return {
    type: 'string',
    requiresArg: true,
    ...opts,
    coerce: (value: unknown) => {
      try {
        return checkPath(kind, name, value);
      } catch (e) {
        if (e instanceof SurveydeckError) coerceErrors.set(e.message, e);
        throw e;
      }
    },
  };
}

/** `--name` must be given once with a usable path; INVALID_OPTION (exit 2) naming the path otherwise. */
export function checkPath(kind: PathKind, name: string, value: unknown): string {
  if (Array.isArray(value)) throw error('INVALID_OPTION', `\`--${name}\` is given ${value.length} times; give it once`);
  const p = String(value);
  if (p === '') throw error('INVALID_OPTION', `\`--${name}\` needs a path, got an empty string`);
  if (p.includes('\0')) throw error('INVALID_OPTION', `\`--${name}\` contains a NUL byte`);
  const shown = p.length > 80 ? `${p.slice(0, 60)}…(${p.length} characters)` : p;
  if (Buffer.byteLength(p) > MAX_PATH_BYTES || p.split(/[\\/]/).some((s) => Buffer.byteLength(s) > MAX_PATH_SEGMENT_BYTES)) {
    throw error('INVALID_OPTION', `\`--${name}\` is too long: a path may have at most ${MAX_PATH_BYTES} bytes and ${MAX_PATH_SEGMENT_BYTES} per folder or file name`, { file: shown });
  }
  let stat: Stats | undefined;
  try {
    stat = statSync(path.resolve(p), { throwIfNoEntry: false });
  } catch {
    // ENOTDIR, EACCES …: the loader or the writer reports it with its own code and hint.
  }
  if ((kind === 'file' || kind === 'out-file') && stat?.isDirectory()) {
    throw error('INVALID_OPTION', `\`--${name}\` names a folder; expected a file`, { file: p });
  }
  if (kind === 'dir' && !stat?.isDirectory()) {
    throw error('INVALID_OPTION', `\`--${name}\` folder ${stat ? 'is a file' : 'does not exist'}`, {
      file: p,
      hint: name === 'templates' ? 'it holds decks/, slides/, charts/, brands/ and locales/; leave --templates out for the built-in ones' : undefined,
    });
  }
  return p;
}
