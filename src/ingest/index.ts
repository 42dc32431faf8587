// Ingest: turning what senders post into canonical events.
export { BodyParseError, parseBody, type BodyLineError, type BodyRecord, type ParsedBody } from './http-body.ts';
export { normalizeEvent, type NormalizeResult } from './normalize-event.ts';
export { renderEventForDisplay } from './render-event.ts';
export type { FieldError } from './error-text.ts';
