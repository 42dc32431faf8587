// Regular expressions for the `re` modifier, run by RE2 (compiled to WebAssembly) so that matching
// time is linear in the input and no rule can stall the engine with catastrophic backtracking.
import { RE2 } from 're2-wasm';
import type { TextPredicate } from './pattern.ts';
import { requiredRegexLiteral } from './regex-literal.ts';
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
  const run = memoized((text) => shared.test(text));
  // A call into RE2 copies the text into WebAssembly memory; a native search for the literal every
  // match contains answers most texts first. (`iu` folds case as RE2's `i` does.)
  const literal = requiredRegexLiteral(source);
  if (literal === undefined) return run;
  if (!flags.ignoreCase) return (text) => text.includes(literal) && run(text);
  const literalSearch = new RegExp(literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'iu');
  return (text) => literalSearch.test(text) && run(text);
}
