// Picks the field-view adapter for an event's shape, and the log sources the shape itself implies.
import type { FieldView } from '../field-view.ts';
import type { JsonRecord } from '../json.ts';
import type { LogSource } from '../logsource.ts';
import { edrSigmaEvent } from './edr.ts';
import { evtxDumpView, isEvtxDump } from './evtx-dump.ts';
import { flatView } from './flat.ts';
import { isWinlogbeat, winlogbeatView } from './winlogbeat.ts';

export interface ShapedEvent {
  readonly view: FieldView;
  /** What the event is, when its shape says so (Vigil's EDR events); Windows events go by their channel. */
  readonly logsources?: readonly LogSource[];
}

export function shapeOf(event: JsonRecord): ShapedEvent {
  if (isEvtxDump(event)) return { view: evtxDumpView(event) };
  if (isWinlogbeat(event)) return { view: winlogbeatView(event) };
  return edrSigmaEvent(event) ?? { view: flatView(event) };
}

export function fieldViewOf(event: JsonRecord): FieldView {
  return shapeOf(event).view;
}
