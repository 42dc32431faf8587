// Query parameters of the console's routes (stats, histograms, timelines, entity pages): a time
// window as start_time/end_time and whole numbers within a range, with errors naming the parameter.
import type { ClosedWindow, TimeWindow } from '../store/index.ts';
import { ApiError } from './errors.ts';
import { single, timeParam, type Query } from './params.ts';

/** The window a dashboard or histogram shows when the request names none. */
const DEFAULT_WINDOW_MS = 30 * 24 * 3600_000;

export const WINDOW_PARAMS = {
  start_time: { type: 'string', description: 'ISO-8601 or `now`: the window\'s start (inclusive).' },
  end_time: { type: 'string', description: 'ISO-8601 or `now`: the window\'s end (inclusive).' },
} as const;

export function countParam(query: Query, name: string, fallback: number, max: number): number {
  const text = single(query, name);
  if (text === undefined) return fallback;
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || count < 1 || count > max) throw new ApiError(400, `${name} must be a whole number from 1 to ${max}`);
  return count;
}

/** start_time and end_time as given (either may be absent), the start not after the end. */
export function windowParam(query: Query): TimeWindow {
  const window = { from: timeParam(query, 'start_time'), to: timeParam(query, 'end_time') };
  if (window.from !== undefined && window.to !== undefined && Date.parse(window.from) > Date.parse(window.to)) {
    throw new ApiError(400, `start_time (${window.from}) is after end_time (${window.to})`);
  }
  return window;
}

/** start_time and end_time; the end defaults to now and the start to 30 days before the end. */
export function closedWindowParam(query: Query): ClosedWindow {
  const window = windowParam(query);
  const to = window.to ?? new Date().toISOString();
  const from = window.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_MS).toISOString();
  if (Date.parse(from) > Date.parse(to)) throw new ApiError(400, `start_time (${from}) is after now: give an end_time too`);
  return { from, to };
}
