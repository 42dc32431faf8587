// "Malicious Traffic Detected": SEP's intrusion prevention matched a signature on a connection
// between the endpoint (device_ip) and a remote party (external_ip). The founding scenario.
import type { EdrEvent } from '../../model/index.ts';
import { alertFor } from '../alert.ts';
import { attackFromEvent } from '../attack.ts';
import { text } from '../event-fields.ts';
import { priorityFromSeverity } from '../priority.ts';
import type { DetectionRule } from '../rule.ts';
import { attackOfSignatureCategory } from './ips-signature-categories.ts';

const INTRUSION_DETECTED = 206;
const INBOUND = 1;

function isIpsDetection(event: EdrEvent): boolean {
  return event.event_id === INTRUSION_DETECTED || event.signature_id !== undefined || event.signature_name !== undefined;
}

function signatureOf(event: EdrEvent): string {
  if (event.signature_name) return event.signature_name;
  return event.signature_id === undefined ? 'unnamed IPS signature' : `IPS signature ${event.signature_id}`;
}

function recommendedAction(event: EdrEvent): string {
  const app = text(event.app_name);
  const process = app ? `the process ${app}` : 'the process that owns the connection';
  const endpoint = event.device_ip ?? event.device_name ?? 'the endpoint';
  const remote = event.external_ip ?? 'the remote party';
  const contact = event.traffic_direction === INBOUND ? `received traffic from ${remote}` : `connected to ${remote}`;
  return `Investigate ${process} on ${endpoint} (and on every other endpoint of this incident): find out why it ${contact}.\n`
    + `Check whether ${remote} is a legitimate service: ownership, reputation and threat intelligence.\n`
    + `If it is command-and-control, isolate the endpoints, remove the malware and add ${remote} to the deny list;`
    + ' if the signature matched legitimate traffic, close the incident as a false positive.';
}

export const maliciousTrafficRule: DetectionRule = {
  rule_id: 'MaliciousTrafficIncident',
  rule_name: 'Malicious Traffic Detected',
  detection_type: 'Intrusion Prevention',
  // 4124 Endpoint Detection is how the seed's SEP IPS detection arrives; 4098 is IPS proper.
  type_ids: [4124, 4098],
  evaluate(event) {
    if (!isIpsDetection(event)) return undefined;
    return alertFor(maliciousTrafficRule, event, {
      description: `Malicious traffic detected: ${signatureOf(event)}`,
      priority_level: priorityFromSeverity(event),
      // One incident per signature and remote party, however many endpoints and in either direction.
      groupBy: [event.signature_id ?? event.signature_name, event.external_ip],
      attack: attackFromEvent(event) ?? (event.signature_name ? attackOfSignatureCategory(event.signature_name) : undefined),
      recommended_action: recommendedAction(event),
      remote: { ip: event.external_ip, port: event.external_port },
      traffic_direction: event.traffic_direction,
      signature_id: event.signature_id,
      signature_name: event.signature_name,
    });
  },
};
