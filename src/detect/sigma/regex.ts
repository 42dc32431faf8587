/// <reference lib="es2024.string" />
// Regular expressions for the `re` modifier, run by RE2 (compiled to WebAssembly) so that matching
// time is linear in the input and no rule can stall the engine with catastrophic backtracking.
import { RE2 } from 're2-wasm';
import type { TextPredicate } from './pattern.ts';
import { leadingRegexFlags, requiredRegexLiteral } from './regex-literal.ts';
import { memoized } from './text-memo.ts';

export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
}

/**
 * re2-wasm never frees an expression's WebAssembly memory, so each distinct expression is compiled
 * once per process and shared; reloading rule sets then costs nothing new.
 */
const compiled = new Map<string, RE2>();

/** Compiles a Sigma (PCRE-subset) regular expression; throws with RE2's reason when it cannot. */
export function compileRegex(source: string, flags: RegexFlags): TextPredicate {
  const leading = leadingRegexFlags(source);
  const longLine = LONG_LINE.exec(source.slice(leading === '' ? 0 : leading.length + 3));
  if (longLine && Number(longLine[1]) <= MAX_REPEAT) return hasLongLine(Number(longLine[1]), flags.dotAll || leading.includes('s'));
  const flagText = `u${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  const key = `${flagText}/${source}`;
  let expression = compiled.get(key);
  if (!expression) {
    try {
      expression = new RE2(source, flagText);
    } catch (error) {
      const reason = (error as Error).message.replace(/^Invalid regular expression: /, '');
      throw new Error(`regular expression RE2 cannot run (${reason})`);
    }
    compiled.set(key, expression);
  }
  const shared = expression;
  const run = memoized((text) => shared.test(wellFormed(text)));
  // A call into RE2 copies the text into WebAssembly memory; a native search for the literal every
  // match contains answers most texts first. (`iu` folds case as RE2's `i` does.) The search reads
  // the text as it is, where a U+FFFD that RE2 sees may be a lone surrogate.
  const literal = requiredRegexLiteral(source);
  if (literal === undefined || literal.includes('\uFFFD')) return run;
  if (!flags.ignoreCase && !leading.includes('i')) return (text) => text.includes(literal) && run(text);
  const literalSearch = new RegExp(literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'iu');
  return (text) => literalSearch.test(text) && run(text);
}

/**
 * re2-wasm reads a lone surrogate together with the unit after it as one character, which hides that
 * character from the expression; RE2 is given U+FFFD in its place. Most texts are well-formed and pass
 * as they are.
 */
function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

/**
 * `.{n,}` alone (a line at least n characters long): RE2 runs it as a program of n states and builds
 * its automaton on the first long text, which takes seconds for n = 1000; counting is exact and quick.
 */
const LONG_LINE = /^\.\{(\d+),\}$/;
/** RE2 refuses larger counts; such an expression is refused here too. */
const MAX_REPEAT = 1000;

function hasLongLine(minimum: number, dotAll: boolean): TextPredicate {
  return (text) => {
    if (text.length < minimum) return false;
    let run = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      // A surrogate pair is one character, and so is a lone surrogate (U+FFFD to RE2: see wellFormed).
      if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) index++;
      // RE2's `.` is any character but a newline (any at all under s).
      else if (code === 0x0a && !dotAll) {
        run = 0;
        continue;
      }
      if (++run >= minimum) return true;
    }
    return false;
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
