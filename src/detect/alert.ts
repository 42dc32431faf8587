// Assembles an alert from what a rule found, filling in the parts every alert shares.
import type { Alert, EdrEvent } from '../model/index.ts';
import { endpointOf } from './event-fields.ts';
import type { RuleIdentity } from './rule.ts';

type SharedPart = keyof RuleIdentity | 'event_uuid' | 'event_time' | 'endpoint' | 'grouping_key';

export type Findings = Omit<Alert, SharedPart> & {
  /** The event values that, with the rule, decide which incident the alert joins. */
  groupBy: readonly (string | number | undefined)[];
};

export function alertFor(rule: RuleIdentity, event: EdrEvent, { groupBy, ...findings }: Findings): Alert {
  return {
    rule_id: rule.rule_id,
    rule_name: rule.rule_name,
    detection_type: rule.detection_type,
    ...findings,
    // join() writes undefined as an empty string.
    grouping_key: [rule.rule_id, ...groupBy].join('|'),
    event_uuid: event.event_uuid,
    event_time: event.device_time,
    endpoint: endpointOf(event),
  };
}
