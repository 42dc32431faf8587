// Reading parsed JSON of unknown shape.
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of keys, or undefined where the path leaves the objects. */
export function valueAt(root: unknown, steps: readonly string[]): unknown {
  let current = root;
  for (const step of steps) {
    if (!isRecord(current) || !(step in current)) return undefined;
    current = current[step];
  }
  return current;
}
