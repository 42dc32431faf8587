// The security log (Agent Security: intrusion prevention, firewall attacks), in the 14.x layout,
// the 14.3-era one (`Event Type`, an empty place for Intrusion ID, URL fields at the end) and the
// legacy one (hashes after the host name, description without label, `Local:`/`Remote:` labels,
// ports without colon). Reference: sepm-syslog-format.md §3.1 and §4.
import { connectionFields } from './connection.ts';
import { layout, type RecordReader } from './layout.ts';
import type { SepmLogType } from './log-type.ts';
import { count, DEVICE_ACTION, DIRECTION, PROTOCOL } from './values.ts';

const SECURITY_LAYOUT = layout([
  '#device_name',
  // Legacy: the application's hashes come right after the host name.
  'SHA-256', 'MD-5',
  '~Event Description', 'Event Type',
  'Local Host IP|Local Host|Local', 'Local Host MAC|Local',
  'Remote Host Name|Remote', 'Remote Host IP|Remote', 'Remote Host MAC|Remote',
  DIRECTION, PROTOCOL,
  '~Intrusion ID', 'Begin', 'End Time|End', 'Occurrences', 'Application', 'Location', 'User Name|User', 'Domain Name|Domain',
  'Local Port', 'Remote Port',
  'CIDS Signature ID', 'CIDS Signature string', 'CIDS Signature SubID', 'Intrusion URL', 'Intrusion Payload URL',
  'SHA-256', 'MD-5',
  'Intensive Protection Level', 'URL Risk', 'URL Category',
]);

/** seclog event_id 206: an IPS signature matched. */
export const INTRUSION_DETECTED = 206;
/** type_id 4124 "Endpoint Detection": how Symantec EDR records SEP's network detections (the seed). */
export const ENDPOINT_DETECTION = 4124;

/** `[SID: 32350]`, with the localised spacing (`[SID : …]`, no-break spaces) allowed. */
const SID_IN_DESCRIPTION = /\[SID\s{0,4}:\s{0,4}(\d{1,10})\]/;

/**
 * Security events without a signature, by their description (seclog event ids 202, 203, 207, 208).
 * The descriptions are free English text: other languages stay without an event_id.
 */
const EVENT_ID_BY_DESCRIPTION: [RegExp, number][] = [
  [/\bport ?scan/i, 202],
  [/\bdenial of service/i, 203],
  [/\bwill block traffic from IP address|\bactive response/i, 207],
  [/\bARP cache poison|\bMAC spoof/i, 208],
];

function eventIdOf(signatureId: number | undefined, description: string | undefined): number | undefined {
  if (signatureId !== undefined) return INTRUSION_DETECTED;
  if (description === undefined) return undefined;
  return EVENT_ID_BY_DESCRIPTION.find(([pattern]) => pattern.test(description))?.[1];
}

/** Only the description says whether IPS blocked the traffic: "attack blocked" or "detected but not blocked". */
function actionOf(description: string | undefined): number | undefined {
  if (description === undefined) return undefined;
  if (/not blocked/i.test(description)) return DEVICE_ACTION.DETECTED;
  if (/\bblocked\b/i.test(description)) return DEVICE_ACTION.BLOCKED;
  return undefined;
}

/** `CIDS Signature ID` when above 0, else the `[SID: n]` of the description; 0 means no signature. */
function signatureIdOf(read: RecordReader, description: string | undefined): number | undefined {
  const cids = read.convert('cids_signature_id', count);
  if (cids !== undefined && cids > 0) return cids;
  const inDescription = description === undefined ? undefined : SID_IN_DESCRIPTION.exec(description);
  const sid = inDescription ? Number(inDescription[1]) : 0;
  return sid > 0 ? sid : undefined;
}

function securityEvent(read: RecordReader): Record<string, unknown> {
  const description = read.text('event_description');
  const signatureId = signatureIdOf(read, description);
  return {
    type_id: ENDPOINT_DETECTION,
    event_id: eventIdOf(signatureId, description),
    ...connectionFields(read),
    signature_id: signatureId,
    sid: signatureId,
    signature_name: read.text('cids_signature_string'),
    intrusion_url: read.text('intrusion_url'),
    description,
    symc_device_action: actionOf(description),
  };
}

export const securityLog: SepmLogType = { name: 'security', layout: SECURITY_LAYOUT, toEvent: securityEvent };
