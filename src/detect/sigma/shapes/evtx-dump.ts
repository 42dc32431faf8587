// Windows events as evtx_dump (and python-evtx) print them: `Event.System` with XML attributes under
// `#attributes` and `Event.EventData` / `Event.UserData`. System attributes become `Tag_Attribute`
// fields (`Provider_Name`, `Security_UserID`), as the Sigma specification names them.
import { EventFieldView } from '../field-view.ts';
import { isRecord, type JsonRecord } from '../json.ts';

type Fields = Record<string, unknown>;

export function isEvtxDump(event: JsonRecord): boolean {
  return isRecord(event.Event) && isRecord(event.Event.System);
}

export function evtxDumpView(event: JsonRecord): EventFieldView {
  const root = event.Event as JsonRecord;
  // No prototype: tags are data, and one named __proto__ must stay a plain field.
  const fields: Fields = Object.create(null);
  for (const [tag, value] of Object.entries(root.System as JsonRecord)) addElement(fields, tag, value);
  if (isRecord(root.EventData)) {
    for (const [name, value] of Object.entries(root.EventData)) if (name !== '#attributes') addElement(fields, name, value);
  }
  // UserData wraps its fields in one provider-specific element (e.g. LogFileCleared).
  if (isRecord(root.UserData)) {
    for (const element of Object.values(root.UserData)) {
      if (!isRecord(element)) continue;
      for (const [name, value] of Object.entries(element)) if (name !== '#attributes') addElement(fields, name, value);
    }
  }
  return new EventFieldView(fields);
}

function addElement(fields: Fields, tag: string, value: unknown): void {
  if (!isRecord(value)) {
    fields[tag] = value;
    return;
  }
  if ('#text' in value) fields[tag] = value['#text'];
  if (isRecord(value['#attributes'])) {
    for (const [attribute, attributeValue] of Object.entries(value['#attributes'])) fields[`${tag}_${attribute}`] = attributeValue;
  }
}
