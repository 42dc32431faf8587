// Reading and writing the objects JSON.parse makes. A sender may use any key, "__proto__"
// included; these helpers treat every key as plain data and never touch the prototype.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ownValue(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function setOwnValue(object: JsonObject, key: string, value: unknown): void {
  // Assigning "__proto__" would replace the prototype instead of adding a field.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
