// Zeek's ASCII (TSV) logs. The `#` header lines set the state of the stream: `#separator \x09`,
// `#set_separator`, `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types` (and `#open`,
// `#close`, which carry nothing to map). Each data line is then read into a record with Zeek's
// own field names ("id.orig_h"), typed by `#types`: the unset field is left out, the empty field is
// an empty string or list, containers split on the set separator, `\xHH` escapes decoded.
import { setOwnValue, type JsonObject } from '../json-object.ts';

type TsvError = { ok: false; reason: string; column: number };
type HeaderResult = { ok: true } | TsvError;
type DataResult = { ok: true; record: JsonObject } | TsvError;

const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})|\\\\/g;

/** Decodes `\xHH` and `\\`, the escapes Zeek writes for separators and unprintable bytes. */
function unescapeZeek(text: string): string {
  return text.includes('\\') ? text.replace(HEX_ESCAPE, (escape, hex: string | undefined) => (hex === undefined ? '\\' : String.fromCharCode(Number.parseInt(hex, 16)))) : text;
}

const CONTAINER_TYPE = /^(?:set|vector|table)\[(.*)\]$/;
const INTEGER = /^-?\d{1,20}$/;
const REAL = /^-?\d{1,20}(?:\.\d{1,20})?(?:e[+-]?\d{1,3})?$/i;

type Typed = { ok: true; value: unknown } | { ok: false; reason: string };

function typedValue(text: string, type: string): Typed {
  switch (type) {
    case 'count':
    case 'int':
    case 'port': {
      if (!INTEGER.test(text)) return { ok: false, reason: `is not a whole number (${type}): "${text.slice(0, 40)}"` };
      const number = Number(text);
      // A count beyond 2^53 would lose digits as a number: it stays the text Zeek wrote.
      return { ok: true, value: Number.isSafeInteger(number) ? number : text };
    }
    case 'time':
    case 'interval':
    case 'double':
      return REAL.test(text) ? { ok: true, value: Number(text) } : { ok: false, reason: `is not a number (${type}): "${text.slice(0, 40)}"` };
    case 'bool':
      if (text === 'T' || text === 'F') return { ok: true, value: text === 'T' };
      return { ok: false, reason: `is not a bool (T or F): "${text.slice(0, 40)}"` };
    default:
      return { ok: true, value: unescapeZeek(text) };
  }
}

export class ZeekTsvStream {
  separator = '\t';
  setSeparator = ',';
  emptyField = '(empty)';
  unsetField = '-';
  path: string | undefined;
  fields: string[] | undefined;
  types: string[] | undefined;

  /** A `#` line: changes the state and gives no record. */
  header(line: string): HeaderResult {
    if (line.startsWith('#separator')) {
      const value = line.slice('#separator'.length).trim();
      const separator = unescapeZeek(value);
      if (separator.length !== 1) return { ok: false, reason: `#separator must name one character (such as \\x09), got "${value.slice(0, 20)}"`, column: 12 };
      this.separator = separator;
      return { ok: true };
    }
    const parts = line.split(this.separator);
    const directive = parts[0];
    const values = parts.slice(1).map(unescapeZeek);
    switch (directive) {
      case '#set_separator':
        if (values[0]?.length !== 1) return { ok: false, reason: '#set_separator must name one character', column: directive.length + 2 };
        this.setSeparator = values[0];
        break;
      case '#empty_field':
        this.emptyField = values[0] ?? '';
        break;
      case '#unset_field':
        this.unsetField = values[0] ?? '';
        break;
      case '#path':
        this.path = values[0];
        break;
      case '#fields':
        this.fields = values;
        this.types = undefined;
        break;
      case '#types':
        this.types = values;
        break;
      default:
        // #open, #close and comments carry nothing to map.
        break;
    }
    return { ok: true };
  }

  /** A data line as a record, typed by #types when given (as strings otherwise). */
  data(line: string): DataResult {
    const { fields } = this;
    if (!fields) return { ok: false, reason: 'a Zeek data line came before the #fields header (give the log with its header lines)', column: 1 };
    const values = line.split(this.separator);
    if (values.length !== fields.length) {
      const column = values.length > fields.length
        ? values.slice(0, fields.length).join(this.separator).length + this.separator.length + 1
        : line.length + 1;
      return { ok: false, reason: `the line has ${values.length} fields where #fields names ${fields.length}`, column };
    }
    const record: JsonObject = {};
    let column = 1;
    for (let index = 0; index < fields.length; index++) {
      const text = values[index];
      const type = this.types?.[index] ?? 'string';
      if (text !== this.unsetField) {
        const typed = this.value(text, type);
        if (!typed.ok) return { ok: false, reason: `${fields[index]} ${typed.reason}`, column };
        setOwnValue(record, fields[index], typed.value);
      }
      column += text.length + this.separator.length;
    }
    return { ok: true, record };
  }

  private value(text: string, type: string): Typed {
    const container = CONTAINER_TYPE.exec(type);
    if (!container) return text === this.emptyField ? { ok: true, value: '' } : typedValue(text, type);
    if (text === this.emptyField) return { ok: true, value: [] };
    const items: unknown[] = [];
    for (const item of text.split(this.setSeparator)) {
      const typed = typedValue(item, container[1]);
      if (!typed.ok) return typed;
      items.push(typed.value);
    }
    return { ok: true, value: items };
  }
}
