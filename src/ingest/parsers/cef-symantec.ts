// Symantec EDR's own syslog export (reference §7; Vigil's forwarding writes the same): CEF from
// vendor Symantec whose `json=` extension holds the EDR's record — an event, or an incident with
// its `events` array. The events inside are the EDR's canonical events already, so they are given
// back exactly as they were, with nothing added from the CEF around them.
//
// The payload is JSON inside a CEF value, and exporters disagree on escaping it: some escape `\`
// and `=` as CEF requires, some write the JSON raw, and the reference's own example carries
// Windows paths with lone backslashes ("C:\Users\…"), which is not valid JSON. The readings below
// are tried in turn; the first that is a JSON object (or array) wins.
import { locateSyntaxError } from '../json-syntax.ts';
import { isJsonObject } from '../json-object.ts';
import type { ExtensionPair } from './cef-extension.ts';
import type { ParseResult } from './parser.ts';

export function isSymantecExport(vendor: string, pairs: readonly ExtensionPair[]): ExtensionPair | undefined {
  return vendor.trim().toLowerCase() === 'symantec' ? pairs.find((pair) => pair.key === 'json') : undefined;
}

const OPENERS = new Set(['{', '[']);

/**
 * Where a JSON object or array that starts at `start` ends (the index after it), by counting
 * brackets outside strings; undefined when it does not close. A backslash always takes the next
 * character with it, which reads both CEF-escaped (`\\`) and raw JSON escapes the same way.
 */
export function jsonValueEnd(line: string, start: number): number | undefined {
  if (!OPENERS.has(line[start])) return undefined;
  let depth = 0;
  let inString = false;
  for (let index = start; index < line.length; index++) {
    const character = line[index];
    if (character === '\\') index++;
    else if (character === '"') inString = !inString;
    else if (inString) continue;
    else if (character === '{' || character === '[') depth++;
    else if ((character === '}' || character === ']') && --depth === 0) return index + 1;
  }
  return undefined;
}

const JSON_ESCAPE_LETTERS = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/** Doubles every backslash that does not start a JSON escape, as in "C:\Users". */
function withLoneBackslashesEscaped(text: string): string {
  let repaired = '';
  let copiedTo = 0;
  for (let index = text.indexOf('\\'); index >= 0; index = text.indexOf('\\', index)) {
    const next = text[index + 1];
    if (next !== undefined && JSON_ESCAPE_LETTERS.has(next) && (next !== 'u' || /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6)))) {
      index += 2;
      continue;
    }
    repaired += `${text.slice(copiedTo, index)}\\`;
    copiedTo = index;
    index += 1;
  }
  return repaired + text.slice(copiedTo);
}

function parsedPayload(pair: ExtensionPair): { ok: true; value: unknown } | { ok: false; reason: string; column: number } {
  const unescaped = pair.value;
  const rawButEquals = pair.raw.replaceAll('\\=', '=');
  const readings = [...new Set([unescaped, rawButEquals, withLoneBackslashesEscaped(unescaped), withLoneBackslashesEscaped(rawButEquals)])];
  for (const reading of readings) {
    try {
      const value: unknown = JSON.parse(reading);
      if (typeof value === 'object' && value !== null) return { ok: true, value };
    } catch {
      // The next reading may be the one the exporter meant.
    }
  }
  const error = locateSyntaxError(unescaped);
  // Escapes shorten the text: the offset in the unescaped payload is at or before the one in the line.
  const offset = error === undefined ? 0 : Math.min(error.offset, pair.raw.length);
  const reason = error === undefined ? 'is not a JSON object or array' : `is not valid JSON: ${error.reason}`;
  return { ok: false, reason: `the json= payload of a Symantec EDR export ${reason}`, column: pair.valueStart + offset + 1 };
}

/** The events of a Symantec EDR export line: the payload's `events`, the payload itself when it is one event, or a list of them. */
export function symantecExportEvents(pair: ExtensionPair): ParseResult {
  const payload = parsedPayload(pair);
  if (!payload.ok) return payload;
  const { value } = payload;
  const events = isJsonObject(value) && Array.isArray(value.events) ? value.events : Array.isArray(value) ? value : [value];
  const column = pair.valueStart + 1;
  if (events.length === 0) {
    return { ok: false, reason: 'the Symantec EDR export carries an incident without events (the exporter left them out, perhaps for size)', column };
  }
  const notObject = events.findIndex((event) => !isJsonObject(event));
  if (notObject >= 0) return { ok: false, reason: `event ${notObject + 1} of the Symantec EDR export is not a JSON object`, column };
  return { ok: true, events: events as Record<string, unknown>[] };
}
