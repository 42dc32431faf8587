// A rule for detections of a named threat or file (antivirus, SONAR, sandbox), described as data.
import type { EdrEvent } from '../../model/index.ts';
import { alertFor } from '../alert.ts';
import { attackFromEvent } from '../attack.ts';
import { threatNameOf } from '../event-fields.ts';
import type { DetectionRule, RuleIdentity } from '../rule.ts';

export interface ThreatRuleSpec extends RuleIdentity {
  readonly type_ids: readonly number[];
  readonly priority_level: number;
  readonly recommended_action: string;
  /** What the incident is about (a threat or file name); undefined when the event is no detection. */
  subjectOf(event: EdrEvent): string | undefined;
  describe(subject: string): string;
  /** Besides the rule, what keeps incidents apart. */
  groupBy(event: EdrEvent, subject: string): readonly (string | number | undefined)[];
}

export function threatRule(spec: ThreatRuleSpec): DetectionRule {
  return {
    rule_id: spec.rule_id,
    rule_name: spec.rule_name,
    detection_type: spec.detection_type,
    type_ids: spec.type_ids,
    evaluate(event) {
      const subject = spec.subjectOf(event);
      if (subject === undefined) return undefined;
      return alertFor(spec, event, {
        description: spec.describe(subject),
        priority_level: spec.priority_level,
        groupBy: spec.groupBy(event, subject),
        attack: attackFromEvent(event),
        recommended_action: spec.recommended_action,
        threat_name: threatNameOf(event),
      });
    },
  };
}
