// What a detection rule is. Rules are mostly data (names, priority, advice); `evaluate` holds the
// little logic that decides whether one event is the rule's detection.
import type { Alert, EdrEvent } from '../model/index.ts';

/** The names an incident carries from the rule that opened it (reference §4). */
export interface RuleIdentity {
  /** `atp_rule_id`, e.g. "MaliciousTrafficIncident". */
  readonly rule_id: string;
  readonly rule_name: string;
  readonly detection_type: string;
}

export interface DetectionRule extends RuleIdentity {
  /** The event types the rule examines; the engine offers it no others. */
  readonly type_ids: readonly number[];
  /** The alert for an event, or undefined when the event is not this rule's detection. */
  evaluate(event: EdrEvent): Alert | undefined;
}
