// Turns what a sender posted into the canonical event: dotted keys nested, coded fields, times,
// ports, addresses, flags and lists in their canonical form, an identity, and everything else kept
// exactly as sent. Runs on every event, so it copies only what it changes, and nothing at all when
// the caller owns the parsed object.
import { VIGIL_EVENT_FIELDS, type EdrEvent } from '../model/index.ts';
import { contentHash } from './content-hash.ts';
import { expandDottedKeys } from './dotted-keys.ts';
import { describeValue, type FieldError } from './error-text.ts';
import { FIELD_RULES, type FieldRule } from './event-fields.ts';
import { Invalid, toEventUuid } from './field-values.ts';
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from './json-object.ts';
import { sizeLimitViolation } from './size-limits.ts';

export type NormalizeResult = { ok: true; event: EdrEvent } | { ok: false; errors: FieldError[] };

export interface NormalizeOptions {
  /**
   * The caller made `raw` (JSON.parse) and never reads it again: an event with its own event_uuid
   * is normalized in place instead of copied, and may be left half-changed when rejected.
   */
  owned?: boolean;
}

/** `receivedAt` (ISO) becomes log_time when the sender gave none. */
export function normalizeEvent(raw: unknown, receivedAt: string, options: NormalizeOptions = {}): NormalizeResult {
  if (!isJsonObject(raw)) return rejectWhole(`an event must be a JSON object, got ${describeValue(raw)}`);
  // Without event_uuid, the identity is the hash of `raw` as sent: then `raw` must stay unchanged.
  const inPlace = options.owned === true && ownValue(raw, 'event_uuid') != null;
  const expanded = expandDottedKeys(raw, inPlace);
  if (!expanded.ok) return expanded;
  const event = expanded.fields;
  const tooLarge = sizeLimitViolation(event);
  if (tooLarge) return rejectWhole(tooLarge);

  const errors: FieldError[] = [];
  keepUpstreamIncident(event);
  for (const rule of FIELD_RULES) applyRule(event, rule, errors);
  if (event.type_id === undefined) errors.push({ path: '$.type_id', reason: 'is required: the event type code, e.g. 4124 or "4124: Endpoint Detection"' });
  event.device_time ??= event.time;
  if (event.device_time === undefined) errors.push({ path: '$.device_time', reason: 'is required (or give time): when the event happened on the device' });
  event.log_time ??= receivedAt;
  const eventUuid = ownValue(event, 'event_uuid') ?? null;
  const checkedUuid = eventUuid === null ? undefined : toEventUuid(eventUuid);
  if (checkedUuid instanceof Invalid) errors.push({ path: '$.event_uuid', reason: checkedUuid.reason });
  if (errors.length > 0) return { ok: false, errors };

  if (eventUuid === null) event.event_uuid = contentHash(raw);
  return { ok: true, event: event as EdrEvent };
}

/**
 * `incident` is Vigil's link to its own incident, `event_source` the event's part in it, and
 * `sigma` Vigil's Sigma matches. An upstream EDR's (the seed's event carries an incident id), or
 * those of an event exported from another Vigil, are kept as `source_incident`, `source_sigma` and
 * so on, so that they are neither lost nor mistaken for Vigil's own, and Vigil only ever adds these
 * fields (which lets the pipeline add them to a prepared event's text: pipeline.ts).
 */
function keepUpstreamIncident(event: JsonObject): void {
  for (const field of VIGIL_EVENT_FIELDS) {
    const kept = `source_${field}`;
    if (!Object.hasOwn(event, field)) continue;
    if (!Object.hasOwn(event, kept)) event[kept] = event[field];
    delete event[field];
  }
}

function rejectWhole(reason: string): NormalizeResult {
  return { ok: false, errors: [{ path: '$', reason }] };
}

/** Converts one field in place; JSON null means absent and removes it. */
function applyRule(event: JsonObject, rule: FieldRule, errors: FieldError[]): void {
  const holder = rule.parent === undefined ? event : ownValue(event, rule.parent);
  if (!isJsonObject(holder)) return;
  const value = ownValue(holder, rule.field);
  if (value === undefined) return;
  const converted = value === null ? undefined : rule.convert(value);
  if (converted instanceof Invalid) {
    errors.push({ path: rule.path, reason: converted.reason });
    return;
  }
  if (converted === value) return;
  // A sub-object may be the sender's own: change a copy, never the input.
  const target = rule.parent === undefined ? event : { ...holder };
  if (converted === undefined) delete target[rule.field];
  else target[rule.field] = converted;
  if (rule.parent !== undefined) setOwnValue(event, rule.parent, target);
}
