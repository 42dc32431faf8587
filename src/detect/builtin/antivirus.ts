// "Critical AVE detections": the antivirus engine found a named threat (reference §4).
import { threatNameOf } from '../event-fields.ts';
import { PRIORITY } from '../priority.ts';
import { threatRule } from './threat-rule.ts';

export const antivirusRule = threatRule({
  rule_id: 'AVEIncident',
  rule_name: 'Critical AVE detections',
  detection_type: 'Antivirus',
  type_ids: [4102],
  priority_level: PRIORITY.MEDIUM,
  recommended_action: [
    'Confirm that the file was quarantined or removed on each endpoint; if not, isolate the endpoint, remove the file and run a full scan.',
    'Find out how the file arrived (download, email, removable media) and add its SHA-256 to the deny list if it spreads.',
  ].join('\n'),
  // An antivirus event without a threat name is a scan report, not a detection.
  subjectOf: threatNameOf,
  describe: (threat) => `${threat} detected`,
  // The same threat on many endpoints is one outbreak, so one incident.
  groupBy: (_event, threat) => [threat],
});
