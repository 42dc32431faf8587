// The scan log (Agent Scan): one antivirus scan's start or result. Reference: sepm-syslog-format.md §3.5.
import { layout, type RecordReader } from './layout.ts';
import type { SepmLogType } from './log-type.ts';
import { ipAddress, sepmTime } from './values.ts';

/** An Antivirus event without a threat name: a scan report, which the antivirus rule does not count as a detection. */
const ANTIVIRUS = 4102;

const SCAN_LAYOUT = layout([
  'Scan ID', 'Begin', 'End|End Time', '#status', 'Duration (seconds)', 'User1', 'User2',
  // The summary ("Scan Complete:  Risks: 1   Scanned: …") looks keyed but is positional.
  '#description', '#summary',
  'Command', 'Threats', 'Infected', 'Total files', 'Omitted', 'Computer|Computer name', 'IP Address',
  'Domain|Domain Name', 'Group|Group Name', 'Server|Server Name', 'Scan Type',
]);

function scanEvent(read: RecordReader): Record<string, unknown> {
  return {
    type_id: ANTIVIRUS,
    device_name: read.text('computer'),
    device_ip: read.convert('ip_address', ipAddress),
    device_time: read.convert('begin', sepmTime),
    device_end_time: read.convert('end', sepmTime),
    description: read.text('description'),
    message: read.text('summary'),
    user_name: read.text('user1'),
  };
}

export const scanLog: SepmLogType = { name: 'scan', layout: SCAN_LAYOUT, toEvent: scanEvent };
