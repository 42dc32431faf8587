// The Application and Device Control log (Agent Behavior): a rule allowed or blocked what a
// process did, or a device. Reference: sepm-syslog-format.md §3.7.
import { layout, type RecordReader } from './layout.ts';
import { defined, type SepmLogType } from './log-type.ts';
import { controlAction, count, ipAddress, sepmTime } from './values.ts';

/** type_id 238 "Device Control" when a device is named, else 502 "Application Control". */
const DEVICE_CONTROL = 238;
const APPLICATION_CONTROL = 502;

const CONTROL_LAYOUT = layout([
  '#device_name', '#local_ip', '#action', '#description', '#operation', 'Begin', 'End Time|End', 'Rule',
  '#caller_process_id', '#caller_process_name', '#caller_return_address', '#caller_return_module', '#target',
  'User Name|User', 'Domain Name|Domain', 'Action Type', 'File size (bytes)', 'Device ID',
]);

/** The caller's MD5 is written into the description: `… - Caller MD5=<32 hex>`. */
const CALLER_MD5 = /Caller MD5=([0-9A-Fa-f]{32})\b/;

function controlEvent(read: RecordReader): Record<string, unknown> {
  const description = read.text('description');
  const callerMd5 = description === undefined ? undefined : CALLER_MD5.exec(description)?.[1].toLowerCase();
  const callerPath = read.text('caller_process_name');
  return {
    type_id: read.peek('device_id') === undefined ? APPLICATION_CONTROL : DEVICE_CONTROL,
    device_name: read.text('device_name'),
    device_ip: read.convert('local_ip', ipAddress),
    symc_device_action: read.convert('action', controlAction),
    description,
    device_time: read.convert('begin', sepmTime),
    device_end_time: read.convert('end_time', sepmTime),
    event_actor: defined({
      pid: read.convert('caller_process_id', count),
      file: defined({ path: callerPath, md5: callerMd5 }),
    }),
    user_name: read.text('user_name'),
    domain_name: read.text('domain_name'),
  };
}

export const controlLog: SepmLogType = { name: 'application_device_control', layout: CONTROL_LAYOUT, toEvent: controlEvent };
