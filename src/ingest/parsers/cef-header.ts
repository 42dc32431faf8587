// The pipe-separated header that CEF and LEEF share: `\|` is a pipe inside a field and `\\` a
// backslash; any other backslash is kept as written (senders put Windows paths there unescaped).

export type HeaderResult =
  | { ok: true; fields: string[]; rest: number }
  | { ok: false; reason: string; column: number };

/**
 * Reads `count` fields from `start`, each ended by an unescaped `|`. `rest` is the index after the
 * last pipe: where the extension begins. A header whose last field ends the line without a pipe is
 * accepted (senders leave it out when there is no extension); `rest` is then the line's length.
 */
export function splitPipeHeader(line: string, start: number, count: number, format: string): HeaderResult {
  const fields: string[] = [];
  let field = '';
  let position = start;
  while (fields.length < count) {
    if (position >= line.length) {
      if (fields.length === count - 1) {
        fields.push(field);
        return { ok: true, fields, rest: line.length };
      }
      return { ok: false, reason: `the ${format} header ends after ${fields.length + 1} of its ${count} fields (a field is missing or a "|" is escaped)`, column: line.length + 1 };
    }
    const character = line[position];
    if (character === '\\' && (line[position + 1] === '|' || line[position + 1] === '\\')) {
      field += line[position + 1];
      position += 2;
    } else if (character === '|') {
      fields.push(field);
      field = '';
      position += 1;
    } else {
      // Copy the run up to the next special character at once rather than a character at a time.
      let end = position + 1;
      while (end < line.length && line[end] !== '|' && line[end] !== '\\') end++;
      field += line.slice(position, end);
      position = end;
    }
  }
  return { ok: true, fields, rest: position };
}
