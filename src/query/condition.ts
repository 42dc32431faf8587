// A query read against a schema: every value already interpreted (enum labels as codes, times
// as spans, IPs as networks). The evaluator and the SQL compiler each translate only this.
import type { PatternPart } from './ast.ts';
import type { IpNetwork } from './ip.ts';

export interface Bound<T> {
  value: T;
  inclusive: boolean;
}

/** What one value must satisfy. A field holding an array matches when any element does. */
export type ValueTest =
  /** Text equal ignoring ASCII case; a number when the text is one; a boolean when it is "true"/"false". */
  | { kind: 'equals'; text: string }
  /** Text (or an integer's digits) matching a wildcard pattern, ignoring ASCII case. */
  | { kind: 'like'; pattern: PatternPart[] }
  /** A number that is one of the codes. */
  | { kind: 'codes'; codes: number[] }
  | { kind: 'numberRange'; lower?: Bound<number>; upper?: Bound<number> }
  /** Text between the bounds, ignoring ASCII case. */
  | { kind: 'textRange'; lower?: Bound<string>; upper?: Bound<string> }
  /** A time in [from, to), epoch milliseconds. */
  | { kind: 'timeRange'; from?: number; to?: number }
  /** Text that is an IP address inside the network. */
  | { kind: 'cidr'; network: IpNetwork };

export type Condition =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; children: Condition[] }
  | { kind: 'not'; child: Condition }
  /** The field holds a value other than null (an array: at least one non-null element). */
  | { kind: 'exists'; field: string }
  | { kind: 'test'; field: string; test: ValueTest };
