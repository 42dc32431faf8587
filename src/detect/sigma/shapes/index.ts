// Picks the field-view adapter for an event's shape.
import type { FieldView } from '../field-view.ts';
import type { JsonRecord } from '../json.ts';
import { evtxDumpView, isEvtxDump } from './evtx-dump.ts';
import { flatView } from './flat.ts';
import { isWinlogbeat, winlogbeatView } from './winlogbeat.ts';

export function fieldViewOf(event: JsonRecord): FieldView {
  if (isEvtxDump(event)) return evtxDumpView(event);
  if (isWinlogbeat(event)) return winlogbeatView(event);
  return flatView(event);
}
