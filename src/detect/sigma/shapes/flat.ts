// Events whose fields sit at the top level: OTRF/Mordor and NXLog Windows exports, and any JSON a source
// sends as it is. The view reads the event object itself; NXLog-style header names answer for their
// Sigma names when the event lacks those.
import { dottedPath, EventFieldView } from '../field-view.ts';
import type { JsonRecord } from '../json.ts';

/** Sigma header field → the flat exporters' names for it, first present wins. */
const ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['Provider_Name', ['SourceName', 'ProviderName']],
  ['Provider_Guid', ['ProviderGuid']],
  ['Computer', ['Hostname']],
  ['EventRecordID', ['RecordNumber']],
]);

function aliasOrPath(event: unknown, field: string): unknown {
  const sources = ALIASES.get(field);
  if (sources) {
    const record = event as JsonRecord;
    for (const source of sources) if (Object.hasOwn(record, source)) return record[source];
  }
  return dottedPath(event, field);
}

export function flatView(event: JsonRecord): EventFieldView {
  return new EventFieldView(event, aliasOrPath, event);
}
