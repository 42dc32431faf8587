// Ingest: turning what senders post into canonical events.
export { BodyParseError, parseBody, type BodyLineError, type BodyRecord, type ParsedBody } from './http-body.ts';
export { MAX_DEVICE_UID_LENGTH } from './field-values.ts';
export { normalizeEvent, type NormalizeOptions, type NormalizeResult } from './normalize-event.ts';
export { parseSyslogMessage, wireFormat, WIRE_FORMATS, type LineParser, type ParseContext, type ParseResult, type WireFormat } from './parsers/index.ts';
export { renderEventForDisplay } from './render-event.ts';
export type { FieldError } from './error-text.ts';
