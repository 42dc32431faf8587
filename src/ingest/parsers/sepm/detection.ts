// The antivirus risk log (Agent Risk) and the SONAR proactive detection log (Agent Proactive
// Detection): a named threat found in a file. Reference: sepm-syslog-format.md §3.4, §3.6.
import { layout, type RecordReader } from './layout.ts';
import { defined, type SepmLogType } from './log-type.ts';
import { antivirusAction, baseName, count, hash, ipAddress, sepmTime } from './values.ts';

/** type_id 4102 "Antivirus" (the built-in Critical AVE rule reads its virus_name) and 4100 "SONAR". */
const ANTIVIRUS = 4102;
const SONAR = 4100;

/** Fields both logs end with. */
const ACTIONS_AND_PLACE = [
  'Actual action', 'Requested action', 'Secondary action', 'Event time', 'Inserted|Event Insert Time', 'End|End Time',
];
const MANAGEMENT = ['Domain|Domain Name', 'Group|Group Name', 'Server|Server Name', 'User|User Name', 'Source computer|Source Computer Name', 'Source IP|Source Computer IP'];
const REPUTATION = ['Disposition', 'Download site', 'Web domain', 'Downloaded by', 'Prevalence', 'Confidence', 'URL Tracking Status'];
const CERTIFICATE = ['Certificate issuer', 'Certificate signer', 'Certificate thumbprint', 'Signing timestamp', 'Certificate serial number'];
const PERMITTED_REASON = 'Permitted application reason|Allowed application reason';

const RISK_LAYOUT = layout([
  '#event', 'IP Address', 'Computer name', 'Source', 'Risk name', 'Occurrences', '~File path', '~Description',
  ...ACTIONS_AND_PLACE, 'Last update time', ...MANAGEMENT, ...REPUTATION,
  'First Seen', 'Sensitivity', PERMITTED_REASON, 'Application hash', 'Hash type', 'Company name', 'Application name',
  'Application version', 'Application type', 'File size (bytes)', 'Category set', 'Category type', 'Location',
  'Intensive Protection Level', ...CERTIFICATE,
]);

const PROACTIVE_LAYOUT = layout([
  '#event', 'Computer name', 'IP Address', 'Detection type', 'First Seen', 'Application name', 'Application type',
  'Application version', 'Hash type', 'Application hash', 'Company name', 'File size (bytes)', 'Sensitivity',
  'Detection score', 'COH Engine Version', 'Detection Submissions', PERMITTED_REASON, ...REPUTATION, 'Risk Level',
  'Detection Source', 'Risk type', 'Source', 'Risk name', 'Occurrences', '~File path', '~Description',
  ...ACTIONS_AND_PLACE, ...MANAGEMENT, 'Intensive Protection Level', ...CERTIFICATE,
]);

/** The `Application hash` by its length: SHA-256, SHA-1 or MD5 of the detected file. */
function fileHash(digest: string | undefined): Record<string, string> {
  if (digest === undefined) return {};
  if (digest.length === 64) return { sha2: digest };
  if (digest.length === 40) return { sha1: digest };
  return digest.length === 32 ? { md5: digest } : { hash: digest };
}

function detectionEvent(typeId: number) {
  return (read: RecordReader): Record<string, unknown> => {
    const path = read.text('file_path');
    const actualAction = read.text('actual_action');
    return {
      type_id: typeId,
      // What SEP reported: "Virus found", "Security risk found", "Potential risk found", …
      alert: read.text('event'),
      device_name: read.text('computer_name'),
      device_ip: read.convert('ip_address', ipAddress),
      virus_name: read.text('risk_name'),
      count: read.convert('occurrences', count),
      file: defined({ path, name: path === undefined ? undefined : baseName(path), ...fileHash(read.convert('application_hash', hash)) }),
      description: read.text('description'),
      actual_action: actualAction,
      symc_device_action: actualAction === undefined ? undefined : antivirusAction(actualAction),
      device_time: read.convert('event_time', sepmTime),
      device_end_time: read.convert('end', sepmTime),
      user_name: read.text('user'),
      data_source_url: read.text('download_site'),
      data_source_url_domain: read.text('web_domain'),
    };
  };
}

export const riskLog: SepmLogType = { name: 'risk', layout: RISK_LAYOUT, toEvent: detectionEvent(ANTIVIRUS) };
export const proactiveLog: SepmLogType = { name: 'proactive', layout: PROACTIVE_LAYOUT, toEvent: detectionEvent(SONAR) };
