// Windows events as Winlogbeat/Elastic Agent ship them: event fields under `winlog.event_data` (or
// `winlog.user_data`), header fields under `winlog.*`. Other ECS fields stay reachable by dotted path.
import { dottedPath, EventFieldView } from '../field-view.ts';
import { isRecord, valueAt, type JsonRecord } from '../json.ts';

export function isWinlogbeat(event: JsonRecord): boolean {
  return isRecord(event.winlog);
}

/** Sigma's Windows header fields and where Winlogbeat keeps them under `winlog`. */
const HEADER_FIELDS: readonly (readonly [string, readonly string[]])[] = [
  ['EventID', ['event_id']],
  ['Channel', ['channel']],
  ['Provider_Name', ['provider_name']],
  ['Provider_Guid', ['provider_guid']],
  ['Computer', ['computer_name']],
  ['EventRecordID', ['record_id']],
  ['Security_UserID', ['user', 'identifier']],
  ['Execution_ProcessID', ['process', 'pid']],
  ['Execution_ThreadID', ['process', 'thread', 'id']],
  ['Task', ['task']],
  ['Opcode', ['opcode']],
  ['Keywords', ['keywords']],
  ['Version', ['version']],
];

export function winlogbeatView(event: JsonRecord): EventFieldView {
  const winlog = event.winlog as JsonRecord;
  // No prototype: event data names are data, and one named __proto__ must stay a plain field.
  const fields: Record<string, unknown> = Object.create(null);
  for (const [name, path] of HEADER_FIELDS) {
    const value = valueAt(winlog, path);
    if (value !== undefined) fields[name] = value;
  }
  for (const section of [winlog.event_data, winlog.user_data]) {
    if (isRecord(section)) for (const [name, value] of Object.entries(section)) fields[name] = value;
  }
  return new EventFieldView(fields, dottedPath, event);
}
