// The CEF extension: `key=value` pairs separated by spaces. A value may hold spaces: it runs until
// the single space before the next ` key=` (so a value's own trailing spaces are kept). Inside a value `\=` is "=", `\\` a backslash, `\n` and `\r` line breaks; any
// other backslash is kept as written. Read in one pass over the text, without regular expressions,
// so that time stays linear in the length of the line whatever it holds.

export interface ExtensionPair {
  key: string;
  value: string;
  /** Where the raw value starts in the line (0-based), for error positions. */
  valueStart: number;
  /** The value as written, escapes and all. */
  raw: string;
}

type ExtensionResult = { ok: true; pairs: ExtensionPair[] } | { ok: false; reason: string; column: number };

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isKeyCharacter(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 46 || code === 45;
}

const SPACE = 32;
const EQUALS = 61;

/** Reads the pairs of `line` from `start`. `valueEnd(key, valueStart)` may claim a value's end itself (for JSON payloads). */
export function readExtension(line: string, start: number, valueEnd?: (key: string, valueStart: number) => number | undefined): ExtensionResult {
  const pairs: ExtensionPair[] = [];
  let position = start;
  while (position < line.length && line.charCodeAt(position) === SPACE) position++;
  if (position >= line.length) return { ok: true, pairs };

  const firstKeyEnd = leadingKeyEnd(line, position);
  if (firstKeyEnd === undefined) return { ok: false, reason: 'the extension must start with key=value (a key is letters, digits, "_", "." or "-")', column: position + 1 };
  let key = line.slice(position, firstKeyEnd);
  let valueStart = firstKeyEnd + 1;

  for (;;) {
    const claimed = valueEnd?.(key, valueStart);
    const next = claimed === undefined ? nextKey(line, valueStart) : nextKeyAfter(line, claimed);
    const raw = line.slice(valueStart, next?.spaceAt ?? line.length);
    pairs.push({ key, value: unescapeValue(raw), valueStart, raw });
    if (!next) return { ok: true, pairs };
    key = line.slice(next.keyStart, next.equalsAt);
    valueStart = next.equalsAt + 1;
  }
}

/** The index of the `=` ending a key that starts at `position`, or undefined. */
function leadingKeyEnd(line: string, position: number): number | undefined {
  if (!isKeyStart(line.charCodeAt(position))) return undefined;
  let index = position + 1;
  while (index < line.length && isKeyCharacter(line.charCodeAt(index))) index++;
  return line.charCodeAt(index) === EQUALS ? index : undefined;
}

interface NextKey {
  /** The space before the key: the end of the previous value. */
  spaceAt: number;
  keyStart: number;
  equalsAt: number;
}

/**
 * The next ` key=` from `from`. Each character is looked at once: after a space the following run
 * is tracked as a possible key until a character that cannot be in a key, or its `=`. A backslash is
 * such a character, which is all `\=` needs; it does not escape a space, so a value ending in an
 * unescaped backslash (a Windows folder, `C:\Temp\`) still ends at the space before the next key.
 */
function nextKey(line: string, from: number): NextKey | undefined {
  let spaceAt = -1;
  let keyPossible = false;
  for (let index = from; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === SPACE) {
      spaceAt = index;
      keyPossible = isKeyStart(line.charCodeAt(index + 1));
    } else if (code === EQUALS) {
      if (keyPossible) return { spaceAt, keyStart: spaceAt + 1, equalsAt: index };
      keyPossible = false;
    } else if (keyPossible && !isKeyCharacter(code)) keyPossible = false;
  }
  return undefined;
}

/** After a claimed value: the next key must follow spaces directly, else the claim is ignored. */
function nextKeyAfter(line: string, claimedEnd: number): NextKey | undefined {
  let index = claimedEnd;
  while (index < line.length && line.charCodeAt(index) === SPACE) index++;
  if (index >= line.length) return undefined;
  const keyEnd = index > claimedEnd ? leadingKeyEnd(line, index) : undefined;
  return keyEnd === undefined ? nextKey(line, claimedEnd) : { spaceAt: claimedEnd, keyStart: index, equalsAt: keyEnd };
}

const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\', '=': '=', n: '\n', r: '\r' };

function unescapeValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let value = '';
  let copiedTo = 0;
  for (let index = raw.indexOf('\\'); index >= 0 && index < raw.length - 1; index = raw.indexOf('\\', index)) {
    const replacement = ESCAPED[raw[index + 1]];
    if (replacement === undefined) {
      index += 1;
      continue;
    }
    value += raw.slice(copiedTo, index) + replacement;
    index += 2;
    copiedTo = index;
  }
  return value + raw.slice(copiedTo);
}
