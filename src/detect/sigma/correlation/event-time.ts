// When an event happened, in epoch milliseconds, from the time fields of the shapes Vigil reads:
// canonical events' `device_time`, NXLog/Winlogbeat `@timestamp`, Sysmon's `UtcTime`, evtx_dump's
// `Event.System.TimeCreated`, and a plain `TimeCreated` or `timestamp`.
import { isRecord, valueAt, type JsonRecord } from '../json.ts';

const TIME_PATHS: readonly (readonly string[])[] = [
  ['device_time'],
  ['@timestamp'],
  ['UtcTime'],
  ['Event', 'System', 'TimeCreated', '#attributes', 'SystemTime'],
  ['TimeCreated'],
  ['timestamp'],
];

/** The first readable time of the event; undefined when it has none. */
export function eventTimeOf(event: JsonRecord): number | undefined {
  for (const path of TIME_PATHS) {
    const value = valueAt(event, path);
    // A flat TimeCreated may be an object too ({SystemTime: …}).
    const time = timeOf(isRecord(value) ? value.SystemTime : value);
    if (time !== undefined) return time;
  }
  return undefined;
}

/** Epoch milliseconds from a number (taken as milliseconds) or an ISO 8601 text. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // `2020-09-21 23:26:05.384` (Sysmon UtcTime) has no zone: it is UTC, whatever this machine's zone.
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!match) return undefined;
  const time = Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
  return Number.isNaN(time) ? undefined : time;
}
