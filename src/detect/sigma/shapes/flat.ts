// Events whose fields sit at the top level: OTRF/Mordor and NXLog Windows exports, and any JSON a source
// sends as it is. NXLog-style header names get their Sigma names as aliases.
import { dottedPath, EventFieldView } from '../field-view.ts';
import type { JsonRecord } from '../json.ts';

/** Sigma header field ← the flat exporters' names for it, first present wins. */
const ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ['Provider_Name', ['SourceName', 'ProviderName']],
  ['Provider_Guid', ['ProviderGuid']],
  ['Computer', ['Hostname']],
  ['EventRecordID', ['RecordNumber']],
];

export function flatView(event: JsonRecord): EventFieldView {
  const fields = new Map<string, unknown>(Object.entries(event));
  for (const [name, sources] of ALIASES) {
    if (fields.has(name)) continue;
    const source = sources.find((candidate) => fields.has(candidate));
    if (source !== undefined) fields.set(name, fields.get(source));
  }
  return new EventFieldView(fields, dottedPath(event));
}
