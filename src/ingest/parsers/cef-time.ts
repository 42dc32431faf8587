// Times in CEF and LEEF: epoch milliseconds, ISO-8601, or text in a Java SimpleDateFormat pattern
// (CEF lists "MMM dd yyyy HH:mm:ss.SSS zzz" and its shorter forms; LEEF names its own pattern in
// devTimeFormat). A pattern without a zone reads as UTC; without a year, the year is chosen as for a
// syslog header's time: the latest that puts the time at most a day after receipt. Zones are
// read when they are UTC, GMT, Z or a numeric offset: a named zone such as CEST is ambiguous, so
// such a time is not read.
import { CANONICAL_TIME_LENGTH, isoTime } from './network-event.ts';
import { FUTURE_ALLOWANCE_MS, validDate, yearlessNotAfter, type YearlessTime } from './syslog-envelope.ts';

type Token =
  | { kind: 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction'; width: number; adjacent: boolean }
  | { kind: 'monthName' | 'dayName' | 'ampm' | 'zone' | 'space' }
  | { kind: 'literal'; text: string };

interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  hour: number;
  pm?: boolean;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

const NUMERIC_LETTERS: Readonly<Record<string, 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction'>> = {
  y: 'year', M: 'month', d: 'day', H: 'hour', k: 'hour', h: 'hour12', K: 'hour12', m: 'minute', s: 'second', S: 'fraction',
};

const MAX_PATTERN_LENGTH = 100;

/** The tokens of a pattern, or undefined when it uses letters Vigil does not read. */
function tokenize(pattern: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const letter = pattern[index];
    let end = index + 1;
    if (letter === "'") {
      const close = pattern.indexOf("'", index + 1);
      if (close < 0) return undefined;
      tokens.push({ kind: 'literal', text: close === index + 1 ? "'" : pattern.slice(index + 1, close) });
      index = close + 1;
      continue;
    }
    while (end < pattern.length && pattern[end] === letter) end++;
    const width = end - index;
    if (Object.hasOwn(NUMERIC_LETTERS, letter)) {
      const kind = NUMERIC_LETTERS[letter];
      if (kind === 'month' && width >= 3) tokens.push({ kind: 'monthName' });
      else tokens.push({ kind, width, adjacent: end < pattern.length && Object.hasOwn(NUMERIC_LETTERS, pattern[end]) });
    } else if (letter === 'E') tokens.push({ kind: 'dayName' });
    else if (letter === 'a') tokens.push({ kind: 'ampm' });
    else if (letter === 'z' || letter === 'Z' || letter === 'X') tokens.push({ kind: 'zone' });
    else if (letter === ' ') tokens.push({ kind: 'space' });
    else if (/[A-Za-z]/.test(letter)) return undefined;
    else tokens.push({ kind: 'literal', text: pattern.slice(index, end) });
    index = end;
  }
  return tokens;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONE = /^(?:(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})?|UTC|GMT|Z)/i;

function digitsAt(text: string, position: number, max: number): number {
  let end = position;
  while (end < text.length && end - position < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  return end;
}

function lettersAt(text: string, position: number): number {
  let end = position;
  while (end < text.length && /[A-Za-z]/.test(text[end])) end++;
  return end;
}

const MAX_DIGITS: Readonly<Record<string, number>> = { year: 4, fraction: 9 };

/** Reads `text` by the tokens; undefined unless the whole text matches. */
function readParts(text: string, tokens: readonly Token[]): DateParts | undefined {
  const parts: DateParts = { hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: 0 };
  let position = 0;
  for (const token of tokens) {
    if (token.kind === 'literal') {
      if (!text.startsWith(token.text, position)) return undefined;
      position += token.text.length;
    } else if (token.kind === 'space') {
      const start = position;
      while (text[position] === ' ') position++;
      if (position === start) return undefined;
    } else if (token.kind === 'monthName') {
      const end = lettersAt(text, position);
      const month = MONTHS.indexOf(text.slice(position, Math.min(end, position + 3)).toLowerCase());
      if (end - position < 3 || month < 0) return undefined;
      parts.month = month + 1;
      position = end;
    } else if (token.kind === 'dayName') {
      const end = lettersAt(text, position);
      if (end === position) return undefined;
      position = end;
    } else if (token.kind === 'ampm') {
      const marker = text.slice(position, position + 2).toUpperCase();
      if (marker !== 'AM' && marker !== 'PM') return undefined;
      parts.pm = marker === 'PM';
      position += 2;
    } else if (token.kind === 'zone') {
      const match = ZONE.exec(text.slice(position));
      if (!match) return undefined;
      if (match[1]) parts.offsetMinutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
      position += match[0].length;
    } else if ('width' in token) {
      const max = token.adjacent ? token.width : MAX_DIGITS[token.kind] ?? 2;
      const end = digitsAt(text, position, token.kind === 'year' && token.width === 2 ? 2 : max);
      if (end === position) return undefined;
      const digits = text.slice(position, end);
      position = end;
      if (token.kind === 'fraction') parts.millisecond = Math.floor(Number(`0.${digits}`) * 1000);
      else if (token.kind === 'year') parts.year = digits.length <= 2 ? 2000 + Number(digits) : Number(digits);
      else if (token.kind === 'hour12') parts.hour = Number(digits) % 12;
      else parts[token.kind] = Number(digits);
    }
  }
  return position === text.length ? parts : undefined;
}

/** Milliseconds of a UTC date and time; Date.UTC alone would read the years 0–99 as 1900–1999. */
function utcMs(year: number, time: YearlessTime): number {
  const date = new Date(Date.UTC(2000, 0, 1, time.hour, time.minute, time.second, time.millisecond));
  date.setUTCFullYear(year, time.month - 1, time.day);
  return date.getTime();
}

/** The time in `year`, or undefined when the day is not in its month (30 February would roll over into March). */
function datedMs(year: number, time: YearlessTime): number | undefined {
  return validDate(year, time.month, time.day) ? utcMs(year, time) : undefined;
}

function toIso(parts: DateParts, receivedAt: string): string | undefined {
  const { month, day } = parts;
  if (month === undefined || day === undefined || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const hour = parts.pm ? parts.hour + 12 : parts.hour;
  if (hour > 23 || parts.minute > 59 || parts.second > 60) return undefined;
  const time: YearlessTime = { month, day, hour, minute: parts.minute, second: parts.second, millisecond: parts.millisecond };
  const offsetMs = parts.offsetMinutes * 60_000;
  // The parts are the sender's wall clock: the limit after receipt moves into it by the zone's offset.
  const wallMs = parts.year === undefined
    ? yearlessNotAfter(time, Date.parse(receivedAt) + FUTURE_ALLOWANCE_MS + offsetMs)
    : datedMs(parts.year, time);
  if (wallMs === undefined) return undefined;
  const iso = new Date(wallMs - offsetMs).toISOString();
  // Years before 0 and after 9999 take the extended form (-000001-…), which events do not read back.
  return iso.length === CANONICAL_TIME_LENGTH ? iso : undefined;
}

const compiledPatterns = new Map<string, Token[] | undefined>();
const MAX_COMPILED_PATTERNS = 64;

function tokensOf(pattern: string): Token[] | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  if (compiledPatterns.has(pattern)) return compiledPatterns.get(pattern);
  const tokens = tokenize(pattern);
  // Patterns come from the lines themselves (LEEF devTimeFormat): bound what is kept.
  if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
  compiledPatterns.set(pattern, tokens);
  return tokens;
}

const MAX_TIME_LENGTH = 64;

/** `text` read by a Java date pattern as ISO-8601 UTC; undefined when it does not match. */
export function timeByPattern(text: string, pattern: string, receivedAt: string): string | undefined {
  const tokens = text.length <= MAX_TIME_LENGTH ? tokensOf(pattern) : undefined;
  const parts = tokens && readParts(text.trim(), tokens);
  return parts && toIso(parts, receivedAt);
}

/** The forms the CEF specification lists for its time fields. */
const CEF_PATTERNS = [
  'MMM dd yyyy HH:mm:ss.SSS zzz', 'MMM dd yyyy HH:mm:ss zzz', 'MMM dd yyyy HH:mm:ss.SSS', 'MMM dd yyyy HH:mm:ss',
  'MMM dd HH:mm:ss.SSS zzz', 'MMM dd HH:mm:ss zzz', 'MMM dd HH:mm:ss.SSS', 'MMM dd HH:mm:ss',
];

/** A CEF or LEEF time: epoch milliseconds, ISO-8601 or one of the CEF forms. */
export function cefTime(text: string, receivedAt: string): string | undefined {
  const trimmed = text.trim();
  // Epoch milliseconds as CEF writes them; a value too small for milliseconds is read as seconds.
  if (/^\d{1,15}$/.test(trimmed)) return isoTime(Number(trimmed));
  for (const pattern of CEF_PATTERNS) {
    const iso = timeByPattern(trimmed, pattern, receivedAt);
    if (iso) return iso;
  }
  return isoTime(trimmed);
}
