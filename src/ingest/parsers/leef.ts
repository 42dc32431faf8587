// IBM's Log Event Extended Format. LEEF 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|` then
// tab-separated `key=value` attributes. LEEF 2.0 adds a delimiter field before the attributes: one
// character, or its code in hex (`x5E`, `0x5E`, `x09`); an empty field means tab. The header
// escapes `|` and `\` as CEF does. Values are not escaped: a value runs to the next delimiter, empty
// pieces are skipped, and a piece without `=` belongs to the value before it (it held the delimiter).
import { KeptFields, keyValueEvent, type FieldRole } from './cef-event.ts';
import { splitPipeHeader } from './cef-header.ts';
import { cefTime, timeByPattern } from './cef-time.ts';
import { withoutLineEnd } from './network-event.ts';
import type { ParseContext, ParseResult, WireFormat } from './parser.ts';

/** LEEF's predefined keys that have a canonical meaning. */
const LEEF_ROLES: Readonly<Record<string, FieldRole>> = {
  src: 'sourceIp', dst: 'targetIp', srcPort: 'sourcePort', dstPort: 'targetPort', proto: 'protocol',
  cat: 'category', devTime: 'startTime', usrName: 'user', srcMAC: 'sourceMac', dstMAC: 'targetMac',
  srcBytes: 'sourceBytes', dstBytes: 'targetBytes', identSrc: 'deviceIp', identHostName: 'deviceHost', url: 'url',
};

const TAB = '\t';
const HEX_DELIMITER = /^0?x([0-9a-f]{1,4})$/i;

/** The delimiter a LEEF 2.0 delimiter field names, or undefined when the field is not one. */
function delimiterOf(field: string): string | undefined {
  if (field === '') return TAB;
  if (field === '\\t') return TAB;
  const hex = HEX_DELIMITER.exec(field);
  if (hex) return String.fromCharCode(Number.parseInt(hex[1], 16));
  return field.length === 1 ? field : undefined;
}

interface Attribute {
  key: string;
  value: string;
}

type AttributesResult = { ok: true; attributes: Attribute[] } | { ok: false; reason: string; column: number };

function readAttributes(text: string, start: number, delimiter: string): AttributesResult {
  const attributes: Attribute[] = [];
  let position = start;
  for (const piece of text.slice(start).split(delimiter)) {
    if (piece === '') {
      position += delimiter.length;
      continue;
    }
    const equals = piece.indexOf('=');
    const key = equals > 0 ? piece.slice(0, equals).trim() : '';
    const last = attributes.at(-1);
    if (key !== '') attributes.push({ key, value: piece.slice(equals + 1) });
    else if (last) last.value += delimiter + piece;
    else if (piece.trim() !== '') {
      return { ok: false, reason: `a LEEF attribute must be key=value, got "${piece.slice(0, 40)}"`, column: position + 1 };
    }
    position += piece.length + delimiter.length;
  }
  return { ok: true, attributes };
}

function parseLeefLine(line: string, context: ParseContext): ParseResult {
  const text = withoutLineEnd(line);
  if (text.trim() === '') return { ok: true, events: [] };
  const start = text.indexOf('LEEF:');
  if (start < 0) return { ok: false, reason: 'not a LEEF record: "LEEF:" is missing', column: 1 };
  const header = splitPipeHeader(text, start + 5, 5, 'LEEF');
  if (!header.ok) return header;
  const [version, vendor, product, productVersion, eventId] = header.fields;
  if (!/^[12](?:\.\d{1,2})?$/.test(version.trim())) {
    return { ok: false, reason: `the LEEF version must be 1.0 or 2.0, got "${version.slice(0, 20)}"`, column: start + 6 };
  }
  let delimiter = TAB;
  let attributesStart = header.rest;
  if (version.trim().startsWith('2')) {
    // A LEEF 2.0 sender may leave the delimiter field out; then the attributes start here, tab-separated.
    const pipe = text.indexOf('|', header.rest);
    const named = pipe >= 0 ? delimiterOf(text.slice(header.rest, pipe)) : undefined;
    if (named !== undefined) {
      delimiter = named;
      attributesStart = pipe + 1;
    }
  }
  const read = readAttributes(text, attributesStart, delimiter);
  if (!read.ok) return read;

  const kept = new KeptFields({ version, vendor, product, productVersion, eventId });
  if (delimiter !== TAB) kept.add('delimiter', delimiter);
  if (start > 0) kept.add('prefix', text.slice(0, start).trimEnd());
  const roles = new Map<FieldRole, { key: string; value: string }>();
  let severity: string | undefined;
  let timeFormat: string | undefined;
  for (const { key, value } of read.attributes) {
    if (key === 'sev' && severity === undefined) severity = value;
    if (key === 'devTimeFormat' && timeFormat === undefined) timeFormat = value.trim();
    const role = Object.hasOwn(LEEF_ROLES, key) ? LEEF_ROLES[key] : undefined;
    if (role !== undefined && !roles.has(role)) roles.set(role, { key, value });
    else kept.add(key, value);
  }
  const event = keyValueEvent({
    format: 'leef', vendor, product, version: productVersion, eventClass: eventId, severity, roles, kept,
    // A time that does not fit its devTimeFormat may still be in a standard form (epoch, ISO, CEF's).
    readTime: (value) => (timeFormat ? timeByPattern(value, timeFormat, context.receivedAt) : undefined) ?? cefTime(value, context.receivedAt),
    receivedAt: context.receivedAt,
  });
  return { ok: true, events: [event] };
}

export const leefFormat: WireFormat = {
  name: 'leef',
  description: 'IBM Log Event Extended Format (LEEF 1.0 and 2.0, tab or custom delimiter)',
  createParser: () => parseLeefLine,
};
