// What a compiled rule sees of an event: Sigma field names mapped to values, whatever shape the event
// arrived in (see shapes/). Text forms are cached per event, so a field read by a hundred rules is
// converted and lower-cased once.
import { valueAt } from './json.ts';

export interface FieldText {
  readonly text: string;
  /** `text` lower-cased, for the default case-insensitive matching. */
  readonly lower: string;
}

export interface FieldView {
  /** The field's value; undefined when the event does not have the field. */
  get(field: string): unknown;
  /** The field's scalar values as text (array elements one by one); undefined when absent. */
  texts(field: string): readonly FieldText[] | undefined;
  /** Every scalar value of the event, for keyword (field-less) search. */
  allTexts(): readonly FieldText[];
}

type Fallback = (field: string) => unknown;

export class EventFieldView implements FieldView {
  private looseNames: Map<string, string> | undefined;
  private readonly textCache = new Map<string, readonly FieldText[] | undefined>();
  private everyText: readonly FieldText[] | undefined;

  /**
   * @param fields the event's fields under their Sigma names
   * @param fallback resolves names the map lacks (dotted paths into nested JSON, for example)
   */
  constructor(private readonly fields: ReadonlyMap<string, unknown>, private readonly fallback?: Fallback) {}

  get(field: string): unknown {
    if (this.fields.has(field)) return this.fields.get(field);
    // Rules and sources disagree on case now and then (SourceProcessGUID vs SourceProcessGuid), and
    // Sigma writes Windows field names without their spaces ("Source Name" is SourceName).
    this.looseNames ??= new Map([...this.fields.keys()].map((name) => [looseName(name), name]));
    const name = this.looseNames.get(looseName(field));
    if (name !== undefined) return this.fields.get(name);
    return this.fallback?.(field);
  }

  texts(field: string): readonly FieldText[] | undefined {
    if (this.textCache.has(field)) return this.textCache.get(field);
    const value = this.get(field);
    const texts = value === undefined ? undefined : textsOf(value);
    this.textCache.set(field, texts);
    return texts;
  }

  allTexts(): readonly FieldText[] {
    this.everyText ??= [...this.fields.values()].flatMap(textsOf);
    return this.everyText;
  }
}

/** A view under another log source's field names (e.g. Security 4688's NewProcessName for Image). */
export function renamedView(view: FieldView, names: ReadonlyMap<string, string>): FieldView {
  return {
    get: (field) => view.get(names.get(field) ?? field),
    texts: (field) => view.texts(names.get(field) ?? field),
    allTexts: () => view.allTexts(),
  };
}

function looseName(name: string): string {
  return name.replaceAll(' ', '').toLowerCase();
}

function textsOf(value: unknown): FieldText[] {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value === 'string') return [{ text: value, lower: value.toLowerCase() }];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    const text = String(value);
    return [{ text, lower: text.toLowerCase() }];
  }
  return [];
}

/** `a.b.c` inside nested objects, for sources that keep JSON structure (ECS, cloud audit logs). */
export function dottedPath(root: unknown): Fallback {
  return (field) => (field.includes('.') ? valueAt(root, field.split('.')) : undefined);
}
