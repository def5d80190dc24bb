// Load stage: JSON text → a value, or one diagnostic line with line:column. V8's JSON.parse messages
// quote the input (the whole file for `NaN` or a stray character) and often give no position; on
// failure a small scanner finds the first offending character itself. Pure.
import { error, type DiagnosticCode } from '../diagnostics.js';
import { lineColumnAt } from './xml-text.js';

/** Parse `text`; `code` at file:line:column with a short message of our own when it is not JSON. */
export function parseJsonText(text: string, code: DiagnosticCode, file: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = findJsonError(text);
    throw error(code, `not valid ${what}: ${found.message}`, { file, ...lineColumnAt(text, found.offset) }, e);
  }
}

/** `x` as a short, printable token for a message. */
function shown(c: string | undefined): string {
  if (c === undefined) return 'end of file';
  const cp = c.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || cp === 0xfeff || (cp >= 0x80 && cp < 0xa0)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\`${c}\``;
}

const WORDS = ['true', 'false', 'null'];

/** Offset and reason of the first JSON syntax error in `text` (iterative: no recursion on deep input). */
export function findJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const fail = (message: string, at = i) => ({ offset: Math.min(at, text.length), message });
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  // Returns an error, or undefined after consuming one scalar / opening a container.
  const stack: ('{' | '[')[] = [];
  type State = 'value' | 'after-value' | 'key' | 'first-key' | 'first-value';
  let state: State = 'value';
  for (;;) {
    ws();
    const c = text[i];
    if (state === 'value' || state === 'first-value') {
      if (state === 'first-value' && c === ']') {
        stack.pop();
        i++;
        state = 'after-value';
        continue;
      }
      if (c === '{') {
        stack.push('{');
        i++;
        state = 'first-key';
        continue;
      }
      if (c === '[') {
        stack.push('[');
        i++;
        state = 'first-value';
        continue;
      }
      if (c === '"') {
        const bad = scanString();
        if (bad) return bad;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
        if (!m || m[0] === '-') return fail(`a malformed number`);
        i += m[0].length;
      } else {
        const word = WORDS.find((w) => text.startsWith(w, i));
        if (!word) {
          const hint = text.startsWith('NaN', i) || text.startsWith('Infinity', i) || text.startsWith('-Infinity', i) ? ' (JSON has no NaN or Infinity; use null)' : '';
          return fail(`unexpected ${shown(c === undefined ? undefined : String.fromCodePoint(text.codePointAt(i)!))}, expected a value${hint}`);
        }
        i += word.length;
      }
      state = 'after-value';
      continue;
    }
    if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && c === '}') {
        stack.pop();
        i++;
        state = 'after-value';
        continue;
      }
      if (c !== '"') return fail(`unexpected ${shown(c)}, expected a property name in double quotes`);
      const bad = scanString();
      if (bad) return bad;
      ws();
      if (text[i] !== ':') return fail(`unexpected ${shown(text[i])}, expected \`:\``);
      i++;
      state = 'value';
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (!top) {
      if (i < text.length) return fail(`unexpected ${shown(c)} after the end of the JSON value`);
      return fail('the JSON parser failed here'); // JSON.parse failed but the scanner did not: should not happen
    }
    if (c === ',') {
      i++;
      ws();
      if ((top === '{' && text[i] === '}') || (top === '[' && text[i] === ']')) return fail(`a trailing comma before ${shown(text[i])}`, i);
      state = top === '{' ? 'key' : 'value';
      continue;
    }
    if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
      stack.pop();
      i++;
      continue;
    }
    return fail(`unexpected ${shown(c)}, expected \`,\` or \`${top === '{' ? '}' : ']'}\``);
  }

  function scanString(): { offset: number; message: string } | undefined {
    const start = i;
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        return undefined;
      }
      if (ch === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a malformed \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(`an invalid escape \\${e ?? ''}`);
        continue;
      }
      if (ch < ' ') return fail(`a raw control character ${shown(ch)} inside a string (write it as \\u${ch.charCodeAt(0).toString(16).padStart(4, '0')})`);
      i++;
    }
    return fail('a string that never ends', start);
  }
}
