// Which names an event equality filter (EventFilter.equals) may use: letters, digits and
// underscores joined by dots. The store reads such a path from the JSON document as a bound
// parameter; callers check it first to refuse a bad name as bad input.
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isFilterFieldPath(field: string): boolean {
  return FIELD_PATH.test(field);
}
