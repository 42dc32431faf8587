// What each SEPM log type module provides: its layout and how its values become a canonical event.
import type { Layout, RecordReader } from './layout.ts';

export interface SepmLogType {
  /** The `sepm.log_type` of its events. */
  name: string;
  layout: Layout;
  /**
   * The event's own fields. Severity, log_time, the time fallback, product_name and the `sepm`
   * object of everything not taken are added by the caller.
   */
  toEvent(read: RecordReader): Record<string, unknown>;
}

/** The object without its undefined fields; undefined when nothing is left. */
export function defined(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  let result: Record<string, unknown> | undefined;
  // for…in over the literal objects the mappers build: no arrays allocated on this per-line path.
  for (const name in fields) if (fields[name] !== undefined) (result ??= {})[name] = fields[name];
  return result;
}
