// Times in queries: ISO-8601 at any precision from a day to milliseconds, the console's
// "2021-06-08 20:08:00 UTC", epoch milliseconds, and `now` with optional offsets (`now-7d`).
// A time denotes the span its precision covers: 2021-06-08 is that whole UTC day.
import { parseTime } from '../model/index.ts';

/** Epoch milliseconds [start, end). */
export interface TimeSpan {
  start: number;
  end: number;
}

const NOW = /^now(?:([+-])(\d{1,9})([smhdw]))?$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PRECISION = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(\.\d+)?)?)?/i;
const DAY = 86_400_000;
/** Times compare as ISO text, so they must keep its four-digit-year form. */
const FOUR_DIGIT_YEAR = /^\d{4}-/;

export function timeSpan(text: string, now: Date): TimeSpan | undefined {
  const relative = NOW.exec(text);
  if (relative) {
    const offset = relative[1] === undefined ? 0 : Number(`${relative[1]}${relative[2]}`) * UNIT_MS[relative[3]];
    return checked(now.getTime() + offset, 1);
  }
  const parsed = parseTime(text);
  if (!parsed.ok) return undefined;
  return checked(Date.parse(parsed.iso), precisionOf(text));
}

function precisionOf(text: string): number {
  const match = PRECISION.exec(text.trim());
  if (!match) return 1;
  const written = match[0];
  if (written.length === 10) return DAY;
  if (match[1] !== undefined) return 1;
  return written.length === 16 ? UNIT_MS.m : UNIT_MS.s;
}

function checked(start: number, length: number): TimeSpan | undefined {
  const inRange = [start, start + length].every((ms) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 && FOUR_DIGIT_YEAR.test(new Date(ms).toISOString()));
  return inRange ? { start, end: start + length } : undefined;
}

/** The stored form of a time: ISO-8601 UTC with milliseconds. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
