// A SEPM body cut into its comma-separated fields (close to RFC 4180: a field with a comma is
// wrapped in double quotes, label included; "" is a quote inside), and a field's `Label: value`
// split at the first ": ". One pass over the text; a quote that never closes is read as a literal
// character from there on, so the cost stays linear whatever the input.

/** Splits the body into fields, without the quotes of quoted fields. */
export function splitFields(body: string): string[] {
  const fields: string[] = [];
  let index = 0;
  let quotesLiteral = false;
  for (;;) {
    if (!quotesLiteral && body.charCodeAt(index) === 34) {
      const quoted = readQuoted(body, index + 1);
      if (quoted) {
        fields.push(quoted.text);
        index = quoted.end;
        if (index >= body.length) return fields;
        index++;
        continue;
      }
      quotesLiteral = true;
    }
    const comma = body.indexOf(',', index);
    if (comma < 0) {
      fields.push(body.slice(index));
      return fields;
    }
    fields.push(body.slice(index, comma));
    index = comma + 1;
  }
}

/**
 * A quoted field from just after its opening quote: text up to the closing quote, with `""` read as
 * `"`; text after the closing quote up to the next comma is kept (senders are not strict). The end
 * is the index of that comma or the body's end. Undefined when no closing quote follows.
 */
function readQuoted(body: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  let chunkStart = start;
  let index = start;
  for (;;) {
    const quote = body.indexOf('"', index);
    if (quote < 0) return undefined;
    if (body.charCodeAt(quote + 1) === 34) {
      text += body.slice(chunkStart, quote + 1);
      index = quote + 2;
      chunkStart = index;
      continue;
    }
    text += body.slice(chunkStart, quote);
    let end = body.indexOf(',', quote + 1);
    if (end < 0) end = body.length;
    return { text: text + body.slice(quote + 1, end), end };
  }
}

export interface LabelledField {
  label: string;
  /** The label lower-cased: how layouts and log types look labels up. */
  key: string;
  value: string;
}

/** Longest label looked for; SEPM's longest is "Permitted application reason". */
const MAX_LABEL = 40;
/** Labels SEP writes without a colon in some versions: `Local Port 443`, `Detection Submissions No`. */
const SPACE_SEPARATED_LABELS = ['Local Port', 'Remote Port', 'Detection Submissions'];
const LABEL_TEXT = /^[A-Za-z][A-Za-z0-9 ()._/-]*$/;

/** A label text as written before its colon → the label (trailing space trimmed) and its key; null when no label. */
const labelCache = new Map<string, { label: string; key: string } | null>();
/** Bounds the cache: labels come from a fixed vocabulary, but a sender can write anything. */
const LABEL_CACHE_LIMIT = 1024;

function readLabel(text: string): { label: string; key: string } | null {
  let known = labelCache.get(text);
  if (known === undefined) {
    const label = text.trimEnd();
    known = LABEL_TEXT.test(text) ? { label, key: label.toLowerCase() } : null;
    if (labelCache.size < LABEL_CACHE_LIMIT) labelCache.set(text, known);
  }
  return known;
}

/**
 * `Label: value` (the colon may end the field, and may be followed by any white space, including
 * a no-break space); undefined when the field has no label. Only the first ": " splits.
 */
export function labelled(field: string): LabelledField | undefined {
  const colon = field.indexOf(':');
  if (colon > 0 && colon <= MAX_LABEL) {
    const after = field.charCodeAt(colon + 1);
    if (Number.isNaN(after) || after === 32 || after === 9 || after === 0xa0) {
      const label = readLabel(field.slice(0, colon));
      if (label !== null) return { label: label.label, key: label.key, value: field.slice(colon + 1) };
    }
  }
  for (const label of SPACE_SEPARATED_LABELS) {
    if (field.startsWith(label) && field.charCodeAt(label.length) === 32) return { label, key: label.toLowerCase(), value: field.slice(label.length + 1) };
  }
  return undefined;
}

/**
 * A value as meant: white space trimmed, and one pair of surrounding quotes removed (SEPM quotes
 * some values alone, `Company name: "Example, Inc."`, and wraps some texts in single quotes).
 */
export function cleanValue(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2) {
    const first = value[0];
    if ((first === '"' || first === "'") && value.endsWith(first)) {
      const inner = value.slice(1, -1);
      return first === '"' ? inner.replaceAll('""', '"') : inner;
    }
  }
  return value;
}

/** `File size (bytes)` → `file_size_bytes`, `SHA-256` → `sha_256`. */
export function snakeCase(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
