// What a compiled rule sees of an event: Sigma field names mapped to values, whatever shape the event
// arrived in (see shapes/). The view reads the event's own object (nothing is copied), and text forms
// are made when first asked for and kept for the event, so a field read by a hundred rules is
// converted once, and lower-cased once if any rule wants it so.
import { valueAt } from './json.ts';
import { lowerCase } from './pattern.ts';

export class FieldText {
  private lowered: string | undefined;

  constructor(readonly text: string) {}

  /** `text` lower-cased (see `lowerCase`), for the default case-insensitive matching. */
  get lower(): string {
    return (this.lowered ??= lowerCase(this.text));
  }
}

export interface FieldView {
  /** The field's value; undefined when the event does not have the field. */
  get(field: string): unknown;
  /** The field's scalar values as text (array elements one by one); undefined when absent. */
  texts(field: string): readonly FieldText[] | undefined;
  /** Every scalar value of the event, for keyword (field-less) search. */
  allTexts(): readonly FieldText[];
}

export type FieldRecord = Readonly<Record<string, unknown>>;

/** Resolves names the fields lack (dotted paths into nested JSON, for example) in the event's `source`. */
export type Fallback = (source: unknown, field: string) => unknown;

export class EventFieldView implements FieldView {
  private textCache: Map<string, readonly FieldText[] | undefined> | undefined;
  /** The event's field names by their loose form, made at the first name the event lacks. */
  private looseNames: Map<string, string> | undefined;
  private everyText: readonly FieldText[] | undefined;

  /**
   * @param fields the event's fields under their Sigma names: own properties only count
   * @param fallback resolves names `fields` lacks, given `source`
   * @param source what the fallback reads: the event as it arrived
   */
  constructor(
    private readonly fields: FieldRecord,
    private readonly fallback?: Fallback,
    private readonly source?: unknown,
  ) {}

  get(field: string): unknown {
    const { fields } = this;
    if (Object.hasOwn(fields, field)) return fields[field];
    // Rules and sources disagree on case now and then (SourceProcessGUID vs SourceProcessGuid), and
    // Sigma writes Windows field names without their spaces ("Source Name" is SourceName).
    if (!this.looseNames) {
      this.looseNames = new Map();
      for (const name in fields) if (Object.hasOwn(fields, name)) this.looseNames.set(looseName(name), name);
    }
    const name = this.looseNames.get(looseName(field));
    if (name !== undefined) return fields[name];
    return this.fallback?.(this.source, field);
  }

  texts(field: string): readonly FieldText[] | undefined {
    const cache = (this.textCache ??= new Map());
    let texts = cache.get(field);
    if (texts === undefined && !cache.has(field)) {
      const value = this.get(field);
      texts = value === undefined ? undefined : textsOf(value);
      cache.set(field, texts);
    }
    return texts;
  }

  allTexts(): readonly FieldText[] {
    if (!this.everyText) {
      const texts: FieldText[] = [];
      for (const name in this.fields) if (Object.hasOwn(this.fields, name)) addTexts(texts, this.fields[name]);
      this.everyText = texts;
    }
    return this.everyText;
  }
}

/** A view under another log source's field names (e.g. Security 4688's NewProcessName for Image). */
export class RenamedFieldView implements FieldView {
  constructor(
    private readonly view: FieldView,
    private readonly names: ReadonlyMap<string, string>,
  ) {}

  get(field: string): unknown {
    return this.view.get(this.names.get(field) ?? field);
  }

  texts(field: string): readonly FieldText[] | undefined {
    return this.view.texts(this.names.get(field) ?? field);
  }

  allTexts(): readonly FieldText[] {
    return this.view.allTexts();
  }
}

/** Field names without spaces, lower-cased; remembered, as events repeat the same few hundred names. */
const looseNames = new Map<string, string>();
const MAX_LOOSE_NAMES = 4096;

function looseName(name: string): string {
  let loose = looseNames.get(name);
  if (loose === undefined) {
    loose = name.replaceAll(' ', '').toLowerCase();
    if (looseNames.size >= MAX_LOOSE_NAMES) looseNames.clear();
    looseNames.set(name, loose);
  }
  return loose;
}

function textsOf(value: unknown): FieldText[] {
  const texts: FieldText[] = [];
  addTexts(texts, value);
  return texts;
}

function addTexts(texts: FieldText[], value: unknown): void {
  if (typeof value === 'string') texts.push(new FieldText(value));
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') texts.push(new FieldText(String(value)));
  else if (Array.isArray(value)) for (const element of value) addTexts(texts, element);
}

/** `a.b.c` inside nested objects, for sources that keep JSON structure (ECS, cloud audit logs). */
export function dottedPath(source: unknown, field: string): unknown {
  return field.includes('.') ? valueAt(source, field.split('.')) : undefined;
}
