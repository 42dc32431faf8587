// The syntax tree parseQuery produces: what the analyst wrote, with escapes resolved but no
// knowledge of fields. Interpreting values against a schema happens later (resolve.ts).
import type { IpNetwork } from './ip.ts';

/** A piece of an unquoted value with wildcards: literal text, `*` (any run) or `?` (one character). */
export type PatternPart = { kind: 'literal'; text: string } | { kind: 'anyChars' } | { kind: 'oneChar' };

/** An exact value, or one with unescaped `*`/`?` wildcards (quoted or not). */
export type TermValue = { kind: 'exact'; text: string } | { kind: 'wildcard'; pattern: PatternPart[] };

/** `*`, or the empty query. */
export interface MatchAllNode { kind: 'all' }
export interface AndNode { kind: 'and'; children: QueryNode[] }
export interface OrNode { kind: 'or'; children: QueryNode[] }
export interface NotNode { kind: 'not'; child: QueryNode }

/** `field:value`, `field:"a phrase"`, `field:svc*`. `position` is the value's offset. */
export interface TermNode { kind: 'term'; field: string; value: TermValue; position: number }

/** `field:192.0.2.0/24`, `field:2001:db8::/32`. */
export interface CidrNode { kind: 'cidr'; field: string; network: IpNetwork; position: number }

/** One end of a range; absent when the range is open there (`*`). */
export interface RangeBound { text: string; inclusive: boolean; position: number }

/** `field:[a TO b]`, `{a TO b}` or mixed. */
export interface RangeNode { kind: 'range'; field: string; lower?: RangeBound; upper?: RangeBound; position: number }

/** `_exists_:field` or `field:*`. */
export interface ExistsNode { kind: 'exists'; field: string; position: number }

/** A bare term without a field: searched in the schema's free-text fields. */
export interface FreeTextNode { kind: 'freeText'; value: TermValue; position: number }

export type QueryNode = MatchAllNode | AndNode | OrNode | NotNode | TermNode | CidrNode | RangeNode | ExistsNode | FreeTextNode;

/** Field paths: names of letters, digits, `_`, `-` and `@`, joined by dots (`event_actor.file.name`). */
const FIELD_PATH = /^[A-Za-z_@][A-Za-z0-9_@-]*(?:\.[A-Za-z_@][A-Za-z0-9_@-]*)*$/;

export function isFieldPath(text: string): boolean {
  return FIELD_PATH.test(text);
}
