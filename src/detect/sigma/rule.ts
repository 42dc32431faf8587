// A compiled Sigma detection rule: its metadata, where its events come from, and its detection as one
// closure over an event's field view.
import type { EventPredicate } from './compiled.ts';
import type { LogSource, SourceBinding } from './logsource.ts';
import type { Requirement } from './requirement.ts';

export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

export interface SigmaRule {
  /** The rule's `id` (a UUID in SigmaHQ rules); absent in some private rules. */
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly title: string;
  readonly status: string | undefined;
  readonly level: SigmaLevel | undefined;
  readonly description: string | undefined;
  readonly author: string | undefined;
  readonly tags: readonly string[];
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  readonly logsource: LogSource;
  /** The file the rule came from, and its document number there (collections have several). */
  readonly file: string;
  readonly document: number;
  readonly bindings: readonly SourceBinding[];
  /** The detection (condition over search identifiers), without the log source check. */
  readonly matches: EventPredicate;
  /** Literals an event must contain for `matches` to possibly hold, for the engine's prefilter. */
  readonly requirement: Requirement;
}
