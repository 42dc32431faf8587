// Which SEPM log a body is, from the labels of its fields: the fingerprints of
// sepm-syslog-format.md §2.5, tried in order. Not from the first text ("Virus found", …): SONAR
// detections also arrive in the risk layout.
import { agentActivityLog, administrativeLog, policyLog, systemLog } from './manager-logs.ts';
import { clientActivityLog } from './client-activity.ts';
import { controlLog } from './control.ts';
import { proactiveLog, riskLog } from './detection.ts';
import type { LabelledField } from './fields.ts';
import type { SepmLogType } from './log-type.ts';
import { packetLog, trafficLog } from './network.ts';
import { scanLog } from './scan.ts';
import { securityLog } from './security.ts';

/** `keyed` holds each field's label and value (undefined for a field without label). */
export function recognizeLogType(fields: readonly string[], keyed: readonly (LabelledField | undefined)[]): SepmLogType | undefined {
  const labels = keyed.map((field) => field?.key);
  const [first, second, third] = labels;
  if (first === 'site') {
    if (labels.includes('admin')) return fields.length > 5 ? policyLog : administrativeLog;
    if ((third === 'domain name' || third === 'domain') && fields.length >= 7 && labels[3] === undefined) return agentActivityLog;
    return systemLog;
  }
  if (first === 'scan id') return scanLog;
  if (second === 'category') return clientActivityLog;
  if (labels.includes('cids signature id')) return securityLog;
  if (labels.includes('device id') && labels.includes('action type') && labels[5] === 'begin') return controlLog;
  if (second === 'ip address' && third === 'computer name') return riskLog;
  if (second === 'computer name' && labels.includes('detection type')) return proactiveLog;
  const localFirst = second === 'local host ip' || second === 'local host';
  if (labels.includes('rule') && ((localFirst && third === 'local port' && labels.includes('local host mac')) || (second === 'local' && third === 'local' && labels[3] === 'local'))) {
    return trafficLog;
  }
  if (localFirst && third === 'local port') return packetLog;
  return undefined;
}
