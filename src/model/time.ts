// Event times: accepted as ISO-8601, the EDR console's "2021-06-08 20:08:00 UTC", or epoch
// milliseconds/seconds; always stored as ISO-8601 UTC with milliseconds.

const CONSOLE_FORMAT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(UTC|GMT|Z)$/i;
const ISO_FORMAT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export type TimeResult = { ok: true; iso: string } | { ok: false; reason: string };

/** The range of stored times (years 0000–9999), in which the ISO text's order is time order. */
export const EARLIEST_TIME = '0000-01-01T00:00:00.000Z';
export const LATEST_TIME = '9999-12-31T23:59:59.999Z';
export const EARLIEST_TIME_MS = Date.parse(EARLIEST_TIME);
export const LATEST_TIME_MS = Date.parse(LATEST_TIME);

/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/** Already the stored form: the common case, kept cheap because every event has several times. */
const CANONICAL_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The number of the digits at `start`, `length` long (their shape already checked). */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether a text of the stored form names a real instant, checked field by field: what
 * `new Date(Date.parse(text)).toISOString() === text` tells, without the two conversions
 * (~1 µs of the server's thread per time, three times per event).
 */
export function isStoredTime(text: string): boolean {
  if (!CANONICAL_FORMAT.test(text)) return false;
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(digits(text, 0, 4), month)
    && digits(text, 11, 2) <= 23 && digits(text, 14, 2) <= 59 && digits(text, 17, 2) <= 59;
}

export function parseTime(value: unknown): TimeResult {
  if (typeof value === 'string' && isStoredTime(value)) return { ok: true, iso: value };
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: `not a finite time: ${value}` };
    ms = Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    const consoleMatch = CONSOLE_FORMAT.exec(text);
    if (consoleMatch) ms = Date.parse(`${consoleMatch[1]}T${consoleMatch[2]}Z`);
    else if (/^\d+$/.test(text)) return parseTime(Number(text));
    else if (ISO_FORMAT.test(text)) {
      // A date-time without an offset is UTC here, not the server's local time.
      const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes(':');
      ms = Date.parse(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    } else return { ok: false, reason: `"${value}" is not a time (use ISO-8601 such as 2021-06-08T20:08:00.000Z, or "2021-06-08 20:08:00 UTC")` };
  } else return { ok: false, reason: `a time must be a string or a number, got ${value === null ? 'null' : typeof value}` };
  if (Number.isNaN(ms)) return { ok: false, reason: `"${String(value)}" is not a valid date` };
  const date = new Date(ms);
  // Years outside 0000–9999 have no ISO-8601 form that every reader takes (toISOString gives "+010000-…").
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    return { ok: false, reason: `"${String(value)}" is out of range (years 0000 to 9999)` };
  }
  return { ok: true, iso: date.toISOString() };
}

/** Renders an ISO time as the console's detail view does: 2021-06-08 20:08:00 UTC. */
export function renderConsoleTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
