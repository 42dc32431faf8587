// "Critical Cynic Detections": the sandbox (Cynic) convicted a file (reference §4).
import { fileNameOf, fileSha2Of, threatNameOf } from '../event-fields.ts';
import { PRIORITY } from '../priority.ts';
import { threatRule } from './threat-rule.ts';

export const sandboxRule = threatRule({
  rule_id: 'CynicIncident',
  rule_name: 'Critical Cynic Detections',
  detection_type: 'Sandboxing',
  type_ids: [4117],
  priority_level: PRIORITY.HIGH,
  recommended_action: 'You can isolate the endpoint(s), remove the file(s) and/or clean the system(s).',
  subjectOf: (event) => fileNameOf(event) ?? threatNameOf(event) ?? fileSha2Of(event) ?? 'unnamed file',
  describe: (subject) => `Sandbox detection: ${subject}`,
  // The same file convicted on several endpoints is one incident.
  groupBy: (event, subject) => [fileSha2Of(event) ?? subject],
});
