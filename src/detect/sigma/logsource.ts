// Which events a rule's log source can describe. Rules and events meet under index keys: a Windows
// event is keyed by its channel and EventID, and a rule by the channels and EventIDs its
// product/category/service stand for; an event a source tags with a log source meets rules under
// that. A rule is never offered an event under no shared key.
import type { FieldView } from './field-view.ts';
import { LINUX_SYSMON_CATEGORY_EVENT_IDS, LINUX_SYSMON_CHANNEL, WINDOWS_CATEGORY_SOURCES, WINDOWS_SERVICE_CHANNELS } from './windows-sources.ts';

export interface LogSource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** One way a rule's events arrive. */
export interface SourceBinding {
  readonly keys: readonly string[];
  /** Checks beyond the key (Sysmon 12's EventType); absent when the key says it all. */
  readonly accepts?: (view: FieldView) => boolean;
  /** Sigma field name → the event's name for it, for sources that name fields differently. */
  readonly fieldNames?: ReadonlyMap<string, string>;
}

const ANY_WINDOWS_EVENT = 'windows:*';

function channelKey(channel: string, eventId: string | number | '*'): string {
  return `channel:${channel.toLowerCase()}:${eventId}`;
}

function tagKey(logsource: LogSource): string {
  return `logsource:${logsource.product ?? ''}|${logsource.category ?? ''}|${logsource.service ?? ''}`;
}

export function bindingsFor(logsource: LogSource): SourceBinding[] {
  const bindings: SourceBinding[] = [{ keys: [tagKey(logsource)] }];
  const { product, category, service } = logsource;
  if (product === 'windows' || (product === undefined && category !== undefined && category in WINDOWS_CATEGORY_SOURCES)) {
    bindings.push(...windowsBindings(category, service));
  } else if (product === 'linux') {
    const eventIds = category === undefined ? undefined : LINUX_SYSMON_CATEGORY_EVENT_IDS[category];
    if (eventIds && (service === undefined || service === 'sysmon')) bindings.push({ keys: eventIds.map((id) => channelKey(LINUX_SYSMON_CHANNEL, id)) });
    else if (category === undefined && service === 'sysmon') bindings.push({ keys: [channelKey(LINUX_SYSMON_CHANNEL, '*')] });
  }
  return bindings;
}

function windowsBindings(category: string | undefined, service: string | undefined): SourceBinding[] {
  if (category !== undefined) {
    const sources = (WINDOWS_CATEGORY_SOURCES[category] ?? []).filter((source) => service === undefined || source.service === service);
    return sources.map((source) => ({
      keys: (WINDOWS_SERVICE_CHANNELS[source.service] ?? []).flatMap((channel) => source.eventIds.map((id) => channelKey(channel, id))),
      accepts: source.conditions ? conditionsCheck(source.conditions) : undefined,
      fieldNames: source.fieldNames ? new Map(Object.entries(source.fieldNames)) : undefined,
    }));
  }
  if (service !== undefined) {
    const channels = WINDOWS_SERVICE_CHANNELS[service];
    return channels ? [{ keys: channels.map((channel) => channelKey(channel, '*')) }] : [];
  }
  return [{ keys: [ANY_WINDOWS_EVENT] }];
}

function conditionsCheck(conditions: Readonly<Record<string, readonly string[]>>): (view: FieldView) => boolean {
  const checks = Object.entries(conditions).map(([field, values]) => {
    const wanted = new Set(values.map((value) => value.toLowerCase()));
    return (view: FieldView) => view.texts(field)?.some(({ lower }) => wanted.has(lower)) ?? false;
  });
  return (view) => checks.every((check) => check(view));
}

/** True when some binding reaches events by their channel, not only by an explicit log source tag. */
export function hasEventSource(bindings: readonly SourceBinding[]): boolean {
  return bindings.length > 1;
}

/** The index keys an event is found under; `tag` is what its source says it is (one log source or several). */
export function eventKeys(view: FieldView, tag?: LogSource | readonly LogSource[]): string[] {
  const keys: string[] = [];
  const channel = view.get('Channel');
  if (typeof channel === 'string' && channel !== '') {
    const eventId = view.get('EventID');
    const id = typeof eventId === 'number' || (typeof eventId === 'string' && /^\d+$/.test(eventId.trim())) ? Number(eventId) : undefined;
    if (id !== undefined) keys.push(channelKey(channel, id));
    keys.push(channelKey(channel, '*'));
    if (channel !== LINUX_SYSMON_CHANNEL) keys.push(ANY_WINDOWS_EVENT);
  }
  for (const each of tag === undefined ? [] : Array.isArray(tag) ? tag : [tag as LogSource]) {
    // A rule names some of product/category/service; it sees every event whose tag agrees on those.
    for (const product of [each.product, undefined]) {
      for (const category of [each.category, undefined]) {
        for (const service of [each.service, undefined]) keys.push(tagKey({ product, category, service }));
      }
    }
  }
  return [...new Set(keys)];
}
