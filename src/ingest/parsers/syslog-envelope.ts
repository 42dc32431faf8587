// The syslog header of one line, as real senders write it: RFC 5424, RFC 3164 (with or without
// <PRI>, year, hostname or tag; one- or two-space day; a port on the hostname), the "relay double
// header" some collectors add, SEPM's dump-file prefix, or no header at all. Reading is a single
// left-to-right scan with bounded look-ahead, so the cost is linear in the line's length.
import { isStoredTime } from '../../model/index.ts';
import { ownValue, setOwnValue } from '../json-object.ts';

/** RFC 5424 structured data: SD-ID → PARAM-NAME → value (a list when the name repeats). */
export type StructuredData = Record<string, Record<string, string | string[]>>;

/** A header time that carried no year: the year is chosen from a reference time. */
export interface YearlessTime {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface SyslogEnvelope {
  /** Which header the line carried. */
  form: 'rfc5424' | 'rfc3164' | 'relay' | 'dump' | 'none';
  facility: number | null;
  /** Syslog severity, 0 emerg … 7 debug (for a dump file, read from its severity word). */
  severity: number | null;
  /** The header time, ISO-8601 UTC; a header time without a zone is read as UTC. */
  timestamp: string | null;
  /** Set when the header time had no year, so that a caller with a better reference can re-choose it. */
  yearless: YearlessTime | null;
  /** A header time that could not be read, kept as sent. */
  unreadableTimestamp: string | null;
  /** The sender's name, without a port. */
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: StructuredData | null;
  /** The relay's address in a relay double header (`<date> [<ip>] <date> tag host: body`). */
  relayAddress: string | null;
  /** The body, without a leading byte-order mark. */
  message: string;
  /** Where the body starts in the line (0-based), to turn a body parser's column into the line's. */
  messageOffset: number;
}

export type EnvelopeResult = { ok: true; envelope: SyslogEnvelope } | { ok: false; reason: string; column: number };

/**
 * A header time up to this far after the receive time is taken as this year's: zones reach UTC+14
 * and senders' clocks drift. Anything later is last year's.
 */
export const FUTURE_ALLOWANCE_MS = 24 * 3600_000;

const MAX_PRI = 191;
const BOM = '\uFEFF';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Longest tag or hostname token looked at; RFC 5424 allows 255 for the hostname. */
const MAX_TOKEN = 255;

/** Dump-file severity words (agent logs: Critical/Major/Minor/Info; server logs: Error/Warning/Information) as syslog severities. */
const DUMP_SEVERITIES = new Map([
  ['critical', 2], ['major', 3], ['error', 3], ['minor', 4], ['warning', 4], ['info', 6], ['information', 6], ['informational', 6],
]);

function emptyEnvelope(form: SyslogEnvelope['form'], message: string): SyslogEnvelope {
  return {
    form, facility: null, severity: null, timestamp: null, yearless: null, unreadableTimestamp: null,
    hostname: null, appName: null, procId: null, msgId: null, structuredData: null, relayAddress: null, message, messageOffset: 0,
  };
}

/** `receivedAt` (ISO) chooses the year of a header time that has none. */
export function parseSyslogEnvelope(line: string, receivedAt: string): EnvelopeResult {
  const result = readEnvelope(line, receivedAt);
  // Every form's body is a suffix of the line without its line ending.
  if (result.ok) result.envelope.messageOffset = trimLineEnd(line).length - result.envelope.message.length;
  return result;
}

function readEnvelope(line: string, receivedAt: string): EnvelopeResult {
  let text = line;
  if (text.startsWith(BOM)) text = text.slice(1);
  text = trimLineEnd(text);
  const reference = Date.parse(receivedAt);
  const referenceMs = Number.isNaN(reference) ? Date.now() : reference;

  const pri = readPri(text);
  if (pri) {
    const rest = pri.end;
    if (text.startsWith('1 ', rest)) return parse5424(text, rest + 2, pri.value);
    const envelope = parse3164(text, rest, referenceMs);
    envelope.facility = pri.value >> 3;
    envelope.severity = pri.value & 7;
    return { ok: true, envelope };
  }
  const dump = parseDumpPrefix(text);
  if (dump) return { ok: true, envelope: dump };
  if (readTimestamp(text, 0, referenceMs)) return { ok: true, envelope: parse3164(text, 0, referenceMs) };
  return { ok: true, envelope: emptyEnvelope('none', stripBom(text)) };
}

function trimLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `<n>` with 1–3 digits and n ≤ 191; anything else is not a PRI. */
function readPri(text: string): { value: number; end: number } | undefined {
  if (text.charCodeAt(0) !== 60) return undefined;
  let index = 1;
  let value = 0;
  while (index < text.length && index <= 4 && isDigit(text.charCodeAt(index))) {
    value = value * 10 + text.charCodeAt(index) - 48;
    index++;
  }
  if (index === 1 || index > 4 || text.charCodeAt(index) !== 62 || value > MAX_PRI) return undefined;
  return { value, end: index + 1 };
}

function skipSpaces(text: string, index: number): number {
  while (text.charCodeAt(index) === 32) index++;
  return index;
}

/** The end of the space-free token at `index` (bounded, so a huge token costs no more than its length). */
function tokenEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && text.charCodeAt(end) !== 32) end++;
  return end;
}

/** A hostname without a trailing `:port` (`host:514`, `192.0.2.5:514`, `[2001:db8::1]:514`). */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close > 0 && (close === host.length - 1 || /^:\d{1,5}$/.test(host.slice(close + 1)))) return host.slice(1, close);
    return host;
  }
  const colon = host.indexOf(':');
  if (colon > 0 && colon === host.lastIndexOf(':') && /^\d{1,5}$/.test(host.slice(colon + 1))) return host.slice(0, colon);
  return host;
}

// ---------------------------------------------------------------------------------------------
// RFC 5424

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:?\d{2})?$/;

function parse5424(text: string, start: number, pri: number): EnvelopeResult {
  const envelope = emptyEnvelope('rfc5424', '');
  envelope.facility = pri >> 3;
  envelope.severity = pri & 7;
  let index = skipSpaces(text, start);
  const fields: (string | null)[] = [];
  for (let field = 0; field < 5; field++) {
    const end = tokenEnd(text, index);
    const token = text.slice(index, end);
    fields.push(token === '-' || token === '' ? null : token);
    index = skipSpaces(text, end);
  }
  const [time, host, app, proc, msgId] = fields;
  if (time !== null) {
    const iso = rfc3339ToIso(time);
    if (iso) envelope.timestamp = iso;
    else envelope.unreadableTimestamp = time;
  }
  envelope.hostname = host === null ? null : hostWithoutPort(host);
  envelope.appName = app;
  envelope.procId = proc;
  envelope.msgId = msgId;

  if (text.charCodeAt(index) === 91) {
    const data = readStructuredData(text, index);
    if (!data.ok) return data;
    envelope.structuredData = data.value;
    index = data.end;
  } else if (text.charCodeAt(index) === 45 && (index + 1 === text.length || text.charCodeAt(index + 1) === 32)) {
    index++;
  }
  if (text.charCodeAt(index) === 32) index++;
  envelope.message = stripBom(text.slice(index));
  return { ok: true, envelope };
}

/** What most senders write: whole seconds or milliseconds in UTC, checked without the Date round trip. */
const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

function rfc3339ToIso(token: string): string | undefined {
  if (token.length > 40) return undefined;
  if (UTC_SECONDS.test(token)) {
    const stored = token.length === 20 ? `${token.slice(0, 19)}.000Z` : token;
    return isStoredTime(stored) ? stored : undefined;
  }
  const match = RFC3339.exec(token);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const offset = zone === 'Z' || zone === 'z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const milliseconds = fraction === '' ? '' : fraction.slice(0, 4).padEnd(4, '0');
  const ms = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${milliseconds}${offset}`);
  return Number.isNaN(ms) || !validDate(+year, +month, +day) ? undefined : new Date(ms).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the day exists in its month of that year (no 30 February, 29 February only in leap years). */
export function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0);
}

type SdRead = { ok: true; value: StructuredData; end: number } | { ok: false; reason: string; column: number };

/** `[id name="value" …]…`; values escape `"`, `\` and `]` with a backslash; any other backslash is literal. */
function readStructuredData(text: string, start: number): SdRead {
  // SD-IDs and names are the sender's: kept as plain data, "__proto__" included.
  const data: StructuredData = {};
  let index = start;
  const fail = (reason: string, at: number): SdRead => ({ ok: false, reason: `structured data: ${reason}`, column: at + 1 });
  while (text.charCodeAt(index) === 91) {
    index++;
    const idStart = index;
    while (index < text.length && !' ]="'.includes(text[index])) index++;
    if (index === idStart) return fail('an element has no SD-ID', idStart);
    if (text[index] === '=' || text[index] === '"') return fail(`unexpected ${text[index]} in the SD-ID`, index);
    const id = text.slice(idStart, index);
    const shownId = shortened(id);
    const params: Record<string, string | string[]> = {};
    for (;;) {
      if (index >= text.length) return fail(`element [${shownId} is not closed with ]`, index);
      if (text[index] === ']') {
        index++;
        break;
      }
      if (text[index] !== ' ') return fail(`expected a space or ] in element [${shownId}`, index);
      index = skipSpaces(text, index);
      if (text[index] === ']') continue;
      const nameStart = index;
      while (index < text.length && !' ]="'.includes(text[index])) index++;
      if (index === nameStart || text[index] !== '=') return fail(`expected PARAM-NAME="value" in element [${shownId}`, nameStart);
      const name = text.slice(nameStart, index);
      const shownName = shortened(name);
      index++;
      if (text[index] !== '"') return fail(`the value of ${shownName} in element [${shownId} must be in double quotes`, index);
      index++;
      let value = '';
      let chunkStart = index;
      for (;;) {
        if (index >= text.length) return fail(`the value of ${shownName} in element [${shownId} is not closed with "`, index);
        const char = text[index];
        if (char === '"') break;
        if (char === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\' || text[index + 1] === ']')) {
          value += text.slice(chunkStart, index) + text[index + 1];
          index += 2;
          chunkStart = index;
        } else index++;
      }
      value += text.slice(chunkStart, index);
      index++;
      addParam(params, name, value);
    }
    // A repeated SD-ID (against the RFC) keeps its first element's parameters and adds the later ones.
    const earlier = ownValue(data, id) as Record<string, string | string[]> | undefined;
    if (earlier === undefined) setOwnValue(data, id, params);
    else for (const [name, value] of Object.entries(params)) addParam(earlier, name, value);
  }
  return { ok: true, value: data, end: index };
}

/** A sender's name as quoted in a reason: never the whole of a megabyte token. */
function shortened(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/** A repeated PARAM-NAME (RFC 5424 allows it) makes a list of its values. */
function addParam(params: Record<string, string | string[]>, name: string, value: string | string[]): void {
  const previous = ownValue(params, name) as string | string[] | undefined;
  if (previous === undefined) {
    setOwnValue(params, name, value);
    return;
  }
  // Appended in place: copying the list at each repeat would make a long line quadratic.
  const values = Array.isArray(previous) ? previous : [previous];
  if (Array.isArray(value)) for (const item of value) values.push(item);
  else values.push(value);
  if (values !== previous) setOwnValue(params, name, values);
}

// ---------------------------------------------------------------------------------------------
// RFC 3164 and its relatives

interface HeaderTime {
  end: number;
  iso: string;
  yearless: YearlessTime | null;
}

/**
 * A header time at `index`: `Mmm dd hh:mm:ss` (one or two spaces before the day, optional year
 * and fraction) or RFC 3339. Returns undefined when there is none.
 */
function readTimestamp(text: string, index: number, referenceMs: number): HeaderTime | undefined {
  if (isDigit(text.charCodeAt(index))) {
    const end = tokenEnd(text, index);
    if (end - index > 40) return undefined;
    const iso = rfc3339ToIso(text.slice(index, end));
    return iso ? { end, iso, yearless: null } : undefined;
  }
  const month = MONTHS.indexOf(text.slice(index, index + 3).toLowerCase()) + 1;
  if (month === 0 || text.charCodeAt(index + 3) !== 32) return undefined;
  let at = index + 4;
  if (text.charCodeAt(at) === 32) at++;
  const day = readNumber(text, at, 1, 2);
  if (!day) return undefined;
  at = day.end;
  if (text.charCodeAt(at) !== 32) return undefined;
  at++;
  let year: number | undefined;
  const maybeYear = readNumber(text, at, 4, 4);
  if (maybeYear && text.charCodeAt(maybeYear.end) === 32) {
    year = maybeYear.value;
    at = maybeYear.end + 1;
  }
  const hour = readNumber(text, at, 2, 2);
  if (!hour || text[hour.end] !== ':') return undefined;
  const minute = readNumber(text, hour.end + 1, 2, 2);
  if (!minute || text[minute.end] !== ':') return undefined;
  const second = readNumber(text, minute.end + 1, 2, 2);
  if (!second) return undefined;
  at = second.end;
  let millisecond = 0;
  if (text[at] === '.') {
    const fraction = readNumber(text, at + 1, 1, 9);
    if (!fraction) return undefined;
    millisecond = Math.floor(Number(`0.${text.slice(at + 1, fraction.end)}`) * 1000);
    at = fraction.end;
  }
  if (at < text.length && text.charCodeAt(at) !== 32) return undefined;
  if (day.value < 1 || day.value > 31 || hour.value > 23 || minute.value > 59 || second.value > 60) return undefined;
  const parts: YearlessTime = { month, day: day.value, hour: hour.value, minute: minute.value, second: Math.min(second.value, 59), millisecond };
  if (year !== undefined) {
    if (!validDate(year, month, parts.day)) return undefined;
    return { end: at, iso: new Date(utcMs(year, parts)).toISOString(), yearless: null };
  }
  const ms = yearlessNotAfter(parts, referenceMs + FUTURE_ALLOWANCE_MS);
  return ms === undefined ? undefined : { end: at, iso: new Date(ms).toISOString(), yearless: parts };
}

function readNumber(text: string, index: number, min: number, max: number): { value: number; end: number } | undefined {
  let end = index;
  let value = 0;
  while (end - index < max && isDigit(text.charCodeAt(end))) {
    value = value * 10 + text.charCodeAt(end) - 48;
    end++;
  }
  if (end - index < min || isDigit(text.charCodeAt(end))) return undefined;
  return { value, end };
}

function utcMs(year: number, parts: YearlessTime): number {
  return Date.UTC(year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
}

/** The time in the latest year that puts it at or before `limitMs` (Feb 29 goes back to a leap year). */
export function yearlessNotAfter(parts: YearlessTime, limitMs: number): number | undefined {
  const limitYear = new Date(limitMs).getUTCFullYear();
  for (let year = limitYear + 1; year >= limitYear - 8; year--) {
    if (!validDate(year, parts.month, parts.day)) continue;
    const ms = utcMs(year, parts);
    if (ms <= limitMs) return ms;
  }
  return undefined;
}

/** The time in the earliest year that puts it at or after `floorMs`. */
export function yearlessNotBefore(parts: YearlessTime, floorMs: number): number | undefined {
  const floorYear = new Date(floorMs).getUTCFullYear();
  for (let year = floorYear - 1; year <= floorYear + 8; year++) {
    if (!validDate(year, parts.month, parts.day)) continue;
    const ms = utcMs(year, parts);
    if (ms >= floorMs) return ms;
  }
  return undefined;
}

/** `APP:` or `APP[PID]:` followed by a space or the end; the token ends at `end`. */
function readTag(text: string, start: number, end: number): { appName: string; procId: string | null } | undefined {
  if (end - start < 2 || end - start > MAX_TOKEN || text.charCodeAt(end - 1) !== 58) return undefined;
  const token = text.slice(start, end - 1);
  const open = token.indexOf('[');
  if (open < 0) return token.includes(':') || token === '' ? undefined : { appName: token, procId: null };
  if (open === 0 || !token.endsWith(']') || token.indexOf('[', open + 1) >= 0) return undefined;
  const appName = token.slice(0, open);
  return appName.includes(':') ? undefined : { appName, procId: token.slice(open + 1, -1) || null };
}

function parse3164(text: string, start: number, referenceMs: number): SyslogEnvelope {
  const envelope = emptyEnvelope('rfc3164', '');
  const time = readTimestamp(text, start, referenceMs);
  if (time) {
    envelope.timestamp = time.iso;
    envelope.yearless = time.yearless;
    const index = skipSpaces(text, time.end);
    if (text.charCodeAt(index) === 91 && readRelayHeader(text, index, referenceMs, envelope)) return envelope;
    readHostAndTag(text, index, envelope);
    return envelope;
  }
  // Without a time the first word is no hostname (RFC 3164 §4.3.3): only a tag is looked for.
  readTagAndBody(text, start, envelope);
  return envelope;
}

/** What a hostname (or address, with a port or IPv6 zone) can be made of; `CEF:0|…` or `{"…` cannot. */
const HOST_TOKEN = /^[A-Za-z0-9._:%[\]-]+$/;

/** After the header time: `[HOST] TAG: body`, or no tag (the rest is the body). */
function readHostAndTag(text: string, start: number, envelope: SyslogEnvelope): void {
  let index = start;
  const end = tokenEnd(text, index);
  if (!readTag(text, index, end) && end > index && end - index <= MAX_TOKEN && end < text.length && HOST_TOKEN.test(text.slice(index, end))) {
    envelope.hostname = hostWithoutPort(text.slice(index, end));
    index = skipSpaces(text, end);
  }
  readTagAndBody(text, index, envelope);
}

function readTagAndBody(text: string, start: number, envelope: SyslogEnvelope): void {
  let index = start;
  const end = tokenEnd(text, index);
  const tag = readTag(text, index, end);
  if (tag) {
    envelope.appName = tag.appName;
    envelope.procId = tag.procId;
    index = end + (text.charCodeAt(end) === 32 ? 1 : 0);
  }
  envelope.message = stripBom(text.slice(index));
}

/**
 * Trellix's relay form: `<date> [<relay ip>] <date> TAG HOST: body`, where the sender's name
 * follows the tag and the body may begin with a comma. False (envelope untouched) if it is not one.
 */
function readRelayHeader(text: string, start: number, referenceMs: number, envelope: SyslogEnvelope): boolean {
  const close = tokenEnd(text, start) - 1;
  if (close <= start + 1 || text.charCodeAt(close) !== 93) return false;
  const relayAddress = text.slice(start + 1, close);
  const time = readTimestamp(text, skipSpaces(text, close + 1), referenceMs);
  if (!time) return false;
  const tagStart = skipSpaces(text, time.end);
  const tagEnd = tokenEnd(text, tagStart);
  const hostStart = skipSpaces(text, tagEnd);
  const hostEnd = tokenEnd(text, hostStart);
  if (tagEnd === tagStart || hostEnd - hostStart < 2 || text.charCodeAt(hostEnd - 1) !== 58) return false;
  envelope.form = 'relay';
  envelope.relayAddress = relayAddress;
  envelope.timestamp = time.iso;
  envelope.yearless = time.yearless;
  envelope.appName = text.slice(tagStart, tagEnd);
  envelope.hostname = hostWithoutPort(text.slice(hostStart, hostEnd - 1));
  let body = stripBom(text.slice(hostEnd + (text.charCodeAt(hostEnd) === 32 ? 1 : 0)));
  if (body.startsWith(',')) body = body.slice(1);
  envelope.message = body;
  return true;
}

const DUMP_PREFIX = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),([A-Za-z]{1,16}),/;

/** SEPM's dump files: `YYYY-MM-DD HH:MM:SS,<Severity word>,<body>`. */
function parseDumpPrefix(text: string): SyslogEnvelope | undefined {
  const match = DUMP_PREFIX.exec(text);
  if (!match) return undefined;
  const severity = DUMP_SEVERITIES.get(match[3].toLowerCase());
  if (severity === undefined) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}Z`);
  if (Number.isNaN(ms) || !validDate(+match[1].slice(0, 4), +match[1].slice(5, 7), +match[1].slice(8, 10))) return undefined;
  const envelope = emptyEnvelope('dump', stripBom(text.slice(match[0].length)));
  envelope.severity = severity;
  envelope.timestamp = new Date(ms).toISOString();
  return envelope;
}

/**
 * Adds what the header said to an event a body parser made: the `syslog` object, and the header
 * time as log_time (when the sender logged or sent it) unless the body parser set one.
 */
export function withEnvelope(event: Record<string, unknown>, envelope: SyslogEnvelope): Record<string, unknown> {
  const syslog = envelopeFields(envelope);
  if (syslog && event.syslog === undefined) event.syslog = syslog;
  if (envelope.timestamp !== null && event.log_time === undefined) event.log_time = envelope.timestamp;
  return event;
}

/** What the header said, as an event's `syslog` object (only the parts the header carried); undefined without a header. */
export function envelopeFields(envelope: SyslogEnvelope): Record<string, unknown> | undefined {
  if (envelope.form === 'none') return undefined;
  const fields: Record<string, unknown> = { form: envelope.form };
  const parts: [string, unknown][] = [
    ['facility', envelope.facility], ['severity', envelope.severity], ['hostname', envelope.hostname],
    ['app_name', envelope.appName], ['proc_id', envelope.procId], ['msg_id', envelope.msgId],
    ['structured_data', envelope.structuredData], ['relay_address', envelope.relayAddress],
    ['unreadable_timestamp', envelope.unreadableTimestamp],
  ];
  for (const [name, value] of parts) if (value !== null) fields[name] = value;
  return fields;
}
