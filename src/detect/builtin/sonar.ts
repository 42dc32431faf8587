// "Advanced Attack Technique": SONAR's behavioural engine flagged what a process did (reference §4).
import { fileNameOf, threatNameOf } from '../event-fields.ts';
import { PRIORITY } from '../priority.ts';
import { threatRule } from './threat-rule.ts';

export const sonarRule = threatRule({
  rule_id: 'AdvancedAttackTechniqueIncident',
  rule_name: 'Advanced Attack Technique',
  detection_type: 'Advanced Attack Techniques',
  type_ids: [4100],
  priority_level: PRIORITY.HIGH,
  recommended_action: [
    'Review the flagged process on the endpoint: its command line, parent process and signer.',
    'If the behaviour is not expected, isolate the endpoint and remove the file.',
    "Ensure Symantec Endpoint Protection's SONAR behavioral protection and Network Intrusion Prevention are enabled and blocking.",
  ].join('\n'),
  // Every SONAR event is a detection, named or not.
  subjectOf: (event) => threatNameOf(event) ?? fileNameOf(event) ?? 'Suspicious behavior',
  describe: (subject) => `${subject} detected`,
  // Behaviour is specific to a host, as in the reference's "<hostname>: <techniques>" summaries.
  groupBy: (event, subject) => [event.device_uid ?? event.device_ip, subject],
});
