// The layout of a SEPM log type: its fields in order, keyed (`Label: value`, with the labels of
// every SEP version) or positional (meaning given by the place). Fields are matched to the layout
// by label first, so that version differences (a field added, moved to the end, or missing) do not
// shift the others; positional fields fill the positional places in between.
import { cleanValue, snakeCase, type LabelledField } from './fields.ts';

interface Slot {
  /** The value's name: a keyed field's first label snake_cased, or the positional field's name. */
  name: string;
  /** Lower-cased labels; empty for a positional field. */
  labels: string[];
  /** A keyed field that some versions write without its label (`[SID: …] …` for `Event Description: …`). */
  mayBeBare: boolean;
  /** A positional field's lower-cased vocabulary, when it has one (direction and protocol words). */
  vocabulary?: Set<string>;
}

export interface Layout {
  slots: Slot[];
  /** Lower-cased label → the indexes of the slots that carry it, ascending. */
  slotsByLabel: Map<string, number[]>;
}

/**
 * From a compact description: `'Label|Alias'` a keyed field, `'~Label|Alias'` a keyed field that
 * may come without its label, `'#name'` a positional field, `'#name=word|word'` one with a vocabulary.
 */
export function layout(spec: readonly string[]): Layout {
  const slots = spec.map((entry): Slot => {
    if (entry.startsWith('#')) {
      const [name, words] = entry.slice(1).split('=');
      return { name, labels: [], mayBeBare: false, vocabulary: words === undefined ? undefined : new Set(words.toLowerCase().split('|')) };
    }
    const mayBeBare = entry.startsWith('~');
    const labels = (mayBeBare ? entry.slice(1) : entry).split('|');
    return { name: snakeCase(labels[0]), labels: labels.map((label) => label.toLowerCase()), mayBeBare };
  });
  const slotsByLabel = new Map<string, number[]>();
  slots.forEach((slot, index) => {
    for (const label of slot.labels) slotsByLabel.set(label, [...(slotsByLabel.get(label) ?? []), index]);
  });
  return { slots, slotsByLabel };
}

/** What one line holds, by the layout's names; every field is somewhere, none is dropped. */
export interface SepmRecord {
  /** Slot name → the value as sent (before cleanValue). */
  values: Map<string, string>;
  /** Keyed fields the layout does not know, by snake_cased label. */
  extras: Map<string, string>;
  /** Fields that fit no place (more positional fields than the layout has). */
  unplaced: string[];
}

/** `keyed` holds each field's label and value (undefined for a field without label). */
export function matchLayout(target: Layout, fields: readonly string[], keyed: readonly (LabelledField | undefined)[]): SepmRecord {
  const record: SepmRecord = { values: new Map(), extras: new Map(), unplaced: [] };
  const { slots } = target;
  let next = 0;
  // Where a field without a label of its own goes when no place expects one: the previous keyed
  // value, which had an unquoted comma (`Company name: A.,B,C`).
  let continued: Map<string, string> | undefined;
  let continuedName = '';
  for (let fieldIndex = 0; fieldIndex < fields.length; fieldIndex++) {
    const field = fields[fieldIndex];
    const label = keyed[fieldIndex];
    let index = label === undefined ? undefined : slotAtOrAfter(target, label.key, next);
    if (label !== undefined && index !== undefined) {
      const name = slots[index].name;
      // A label seen twice (a repeated field) keeps both values rather than losing one.
      record.values.set(name, record.values.has(name) ? `${record.values.get(name)},${label.value}` : label.value);
      next = index + 1;
      [continued, continuedName] = [record.values, name];
    } else if (next < slots.length && (slots[next].labels.length === 0 || slots[next].mayBeBare)) {
      record.values.set(slots[next].name, field);
      next++;
      continued = undefined;
    } else if (next < slots.length && field.trim() === '') {
      // A keyed place sent as an empty field without its label (`…,TCP,,Begin: …`).
      record.values.set(slots[next].name, '');
      next++;
      continued = undefined;
    } else if (label === undefined && (index = positionalSlotFor(slots, next, field)) !== undefined) {
      // Keyed fields this version does not send were skipped: the word belongs to a later place.
      record.values.set(slots[index].name, field);
      next = index + 1;
      continued = undefined;
    } else if (label !== undefined) {
      continuedName = snakeCase(label.label);
      const earlier = record.extras.get(continuedName);
      record.extras.set(continuedName, earlier === undefined ? label.value : `${earlier},${label.value}`);
      continued = record.extras;
    } else if (continued !== undefined) {
      continued.set(continuedName, `${continued.get(continuedName)},${field}`);
    } else record.unplaced.push(field);
  }
  return record;
}

/** The first run of positional places from `from` on, if one of them has the field's word in its vocabulary. */
function positionalSlotFor(slots: readonly Slot[], from: number, field: string): number | undefined {
  let index = from;
  while (index < slots.length && slots[index].labels.length > 0) index++;
  const word = field.trim().toLowerCase();
  for (; index < slots.length && slots[index].labels.length === 0; index++) {
    if (slots[index].vocabulary?.has(word)) return index;
  }
  return undefined;
}

function slotAtOrAfter(target: Layout, label: string, from: number): number | undefined {
  const indexes = target.slotsByLabel.get(label);
  if (indexes === undefined) return undefined;
  for (const index of indexes) if (index >= from) return index;
  return undefined;
}

/**
 * Reads a record's values for the canonical event; what is not taken (or could not be converted)
 * stays for the event's `sepm` object, so nothing the line said is lost.
 */
export class RecordReader {
  private readonly taken = new Set<string>();

  constructor(private readonly record: SepmRecord) {}

  /** The cleaned value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const raw = this.record.values.get(name);
    this.taken.add(name);
    if (raw === undefined) return undefined;
    const value = cleanValue(raw);
    return value === '' ? undefined : value;
  }

  /** The converted value; a value the converter refuses is left for `rest`. */
  convert<T>(name: string, converter: (text: string) => T | typeof NOT_KNOWN | typeof UNREADABLE): T | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const converted = converter(value);
    if (converted === UNREADABLE) {
      this.taken.delete(name);
      return undefined;
    }
    return converted === NOT_KNOWN ? undefined : converted as T;
  }

  /** The cleaned value without marking it taken (to decide something, e.g. the log type's variant). */
  peek(name: string): string | undefined {
    const raw = this.record.values.get(name);
    return raw === undefined ? undefined : cleanValue(raw) || undefined;
  }

  /** Everything not taken, non-empty, by name; fields that fit no place under `unplaced`. */
  rest(): Record<string, unknown> {
    const rest: Record<string, unknown> = {};
    for (const [name, raw] of this.record.values) {
      if (this.taken.has(name)) continue;
      const value = cleanValue(raw);
      if (value !== '') rest[name] = value;
    }
    for (const [name, raw] of this.record.extras) {
      const value = cleanValue(raw);
      if (value !== '' && !Object.hasOwn(rest, name)) rest[name] = value;
    }
    if (this.record.unplaced.length > 0) rest.unplaced = this.record.unplaced.map(cleanValue);
    return rest;
  }
}

/** A converter's answer for a value that means "not known" (`0.0.0.0`, an all-zero hash). */
export const NOT_KNOWN = Symbol('not known');
/** A converter's answer for a value it cannot read: the value is kept as sent under `sepm`. */
export const UNREADABLE = Symbol('unreadable');
