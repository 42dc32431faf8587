// How errors a sender caused name the place (a JSON path) and the offending value.

export interface FieldError {
  /** JSON path of the offending field, e.g. $.network_protocol; $ for the event as a whole. */
  path: string;
  reason: string;
}

/** A JSON path such as $.mitre.tactic or $["odd key"]. */
export function jsonPath(keys: readonly string[]): string {
  let path = '$';
  for (const key of keys) path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return path;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A short description of a value; never echoes a large value whole. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (Array.isArray(value)) return 'an array';
  return value !== null && typeof value === 'object' ? 'an object' : String(value);
}
