// Shared schemas carry an `$id`: fastify holds them once (server.addSchema) and the OpenAPI document
// lists them under components.schemas, where routes point with `ref(SCHEMA)`.

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface SharedSchema extends JsonSchema {
  readonly $id: string;
}

/** A reference to a shared schema, for a route's or another schema's use. */
export function ref(schema: SharedSchema): { $ref: string } {
  return { $ref: `${schema.$id}#` };
}

/** JSON Schema for a value that may also be null (the OpenAPI 3.0 document says `nullable`). */
export function orNull(schema: JsonSchema & { type: string }): JsonSchema {
  return { ...schema, type: [schema.type, 'null'] };
}
