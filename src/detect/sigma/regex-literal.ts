// The longest literal text every match of a regular expression must contain, read conservatively
// from its source: only top-level runs of plain characters count, and any construct this reader does
// not fully understand ends a run or gives up. It lets a cheap substring check skip calls into RE2.

/** Characters that stand for themselves when escaped. */
const ESCAPED_LITERAL = /[^0-9A-Za-z]/;
/**
 * Letter escapes that are whole by themselves: classes, assertions and control characters. Others
 * take an argument (`\x41`, `\x{41}`, octal `\101`, `\pL`, `\u0041`) that is not literal text.
 */
const SELF_CONTAINED_ESCAPE = /[dDwWsSbBAzCafnrtv]/;

/** Flags set for the whole expression at its start, as in `(?i)abc`. */
const LEADING_FLAGS = /^\(\?([ims]+)\)/;

/** The flags a leading `(?…)` group sets for the whole expression ('' when none). */
export function leadingRegexFlags(source: string): string {
  return LEADING_FLAGS.exec(source)?.[1] ?? '';
}

/**
 * undefined when no literal is known (alternation at the top, inline flags past the start, or no
 * plain run). Flags set at the start apply to the literal as to the rest: see `leadingRegexFlags`.
 */
export function requiredRegexLiteral(expression: string): string | undefined {
  const source = expression.replace(LEADING_FLAGS, '');
  // Inline flags such as (?i) change how later literals match; `\Q…\E` quotes metacharacters.
  if (/\(\?(?!:)|\\Q/.test(source)) return undefined;
  let longest = '';
  let run = '';
  const endRun = (): void => {
    if (run.length > longest.length) longest = run;
    run = '';
  };
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      const next = source[index + 1];
      index++;
      if (next !== undefined && ESCAPED_LITERAL.test(next)) run += next;
      else if (next !== undefined && SELF_CONTAINED_ESCAPE.test(next)) endRun();
      else return undefined;
    } else if (char === '(' || char === '[') {
      endRun();
      const end = skipGroup(source, index);
      if (end < 0) return undefined;
      index = end;
    } else if (char === '|') {
      // Alternation outside any group: no text is common to every match.
      return undefined;
    } else if (char === '*' || char === '?') {
      // The character before is optional.
      run = run.slice(0, -1);
      endRun();
    } else if (char === '{') {
      // A counted repetition, which may be zero: the character before is optional, the count skipped.
      run = run.slice(0, -1);
      endRun();
      index = source.indexOf('}', index);
      if (index < 0) return undefined;
    } else if (char === '+') {
      endRun();
    } else if (char === '.' || char === '^' || char === '$' || char === ')' || char === ']' || char === '}') {
      endRun();
    } else {
      run += char;
    }
  }
  endRun();
  return longest === '' ? undefined : longest;
}

/** The index of the `)` or `]` closing the group or class opening at `start`; -1 if unbalanced. */
function skipGroup(source: string, start: number): number {
  let depth = 0;
  let classStart = -1;
  for (let index = start; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      index++;
    } else if (classStart >= 0) {
      // A `]` right after `[` or `[^` is a member, not the end.
      const first = source[classStart + 1] === '^' ? classStart + 2 : classStart + 1;
      if (char === ']' && index > first) {
        classStart = -1;
        if (depth === 0) return index;
      }
    } else if (char === '[') {
      classStart = index;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}
