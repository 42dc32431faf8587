// A Sigma rule's match on an EDR event. Every match is recorded on the event itself (its `sigma`
// field); a match above informational level is also an alert for the endpoint's "Advanced Attack
// Technique" incident, whose summary lists the techniques the rules name: "<host>: <technique names>".
// A correlation rule's hit becomes one incident that links the events behind it.
import type { Alert, EdrEvent } from '../../model/index.ts';
import { alertFor, type Findings } from '../alert.ts';
import { PRIORITY } from '../priority.ts';
import type { RuleIdentity } from '../rule.ts';
import type { SigmaLevel, SigmaRule } from '../sigma/index.ts';
import { attackOfTags } from './techniques.ts';

/** The incident Sigma matches open: Symantec EDR's name for behaviour-based incidents, detected by Sigma. */
export const SIGMA_INCIDENT_RULE: RuleIdentity = {
  rule_id: 'AdvancedAttackTechniqueIncident',
  rule_name: 'Advanced Attack Technique',
  detection_type: 'Sigma',
};

/** Incident priority by rule level; informational matches open no incident. */
const PRIORITY_BY_LEVEL: Readonly<Record<SigmaLevel, number | undefined>> = {
  critical: PRIORITY.HIGH,
  high: PRIORITY.HIGH,
  medium: PRIORITY.MEDIUM,
  low: PRIORITY.LOW,
  informational: undefined,
};

/** A rule without a level is taken as low: worth an incident, not a loud one. */
const LEVEL_WHEN_ABSENT: SigmaLevel = 'low';

/** The part of a rule (detection or correlation) that its alerts show. */
export type AlertingRule = Pick<SigmaRule, 'id' | 'title' | 'level' | 'tags' | 'description' | 'falsepositives'>;

/** What a stored event keeps of each rule that matched it. */
export interface SigmaMatch {
  id: string;
  title: string;
  level: SigmaLevel;
  tags: string[];
}

export function sigmaMatchOf(rule: SigmaRule): SigmaMatch {
  return { id: rule.id ?? rule.title, title: rule.title, level: rule.level ?? LEVEL_WHEN_ABSENT, tags: [...rule.tags] };
}

function recommendedAction(rule: AlertingRule, host: string): string {
  const lines = [`Review what the Sigma rule "${rule.title}" found on ${host}${rule.description ? `: ${rule.description.trim()}` : '.'}`];
  if (rule.falsepositives.length > 0) lines.push(`Known false positives: ${rule.falsepositives.join('; ')}.`);
  lines.push('If the activity is not expected, isolate the endpoint, stop the process and remove what it left behind;'
    + ' otherwise close the incident as a false positive and tune or disable the rule.');
  return lines.join('\n');
}

/** One alert per event, all under the incident of `groupBy`; none for an informational rule. */
function alertsFor(rule: AlertingRule, events: readonly EdrEvent[], identity: RuleIdentity, groupBy: Findings['groupBy']): Alert[] {
  const priority = PRIORITY_BY_LEVEL[rule.level ?? LEVEL_WHEN_ABSENT];
  if (priority === undefined || events.length === 0) return [];
  const { techniques, attack } = attackOfTags(rule.tags);
  const recommended_action = recommendedAction(rule, events[0].device_name ?? events[0].device_ip ?? 'the endpoint');
  return events.map((event) => alertFor(identity, event, { description: rule.title, priority_level: priority, groupBy, attack, techniques, recommended_action }));
}

/** The alert for a match, or undefined for an informational rule. */
export function sigmaAlert(rule: SigmaRule, event: EdrEvent): Alert | undefined {
  // One incident per endpoint, whichever rules fire, as the reference's "<host>: <techniques>" incidents.
  return alertsFor(rule, [event], SIGMA_INCIDENT_RULE, ['sigma', event.device_uid ?? event.device_ip ?? event.device_name])[0];
}

/** A correlation rule's hit: the rule and the events behind it. */
export interface CorrelationHit {
  readonly rule: AlertingRule;
  readonly events: readonly EdrEvent[];
}

export const SIGMA_CORRELATION_RULE: RuleIdentity = { ...SIGMA_INCIDENT_RULE, detection_type: 'Sigma correlation' };

/**
 * Where correlation hits become incidents: an alert for each event behind the hit, under a grouping
 * key of the rule and the hit's first event, so that correlate() opens one incident for the hit and
 * links every event of the batch to it. None for an informational rule.
 */
export function correlationAlerts(hit: CorrelationHit): Alert[] {
  return alertsFor(hit.rule, hit.events, SIGMA_CORRELATION_RULE, ['correlation', hit.rule.id ?? hit.rule.title, hit.events[0]?.event_uuid]);
}
