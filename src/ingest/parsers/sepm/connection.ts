// What the security, traffic and packet logs say alike: the connection between the SEP client and
// the other end, when, and which application and user made it.
import type { RecordReader } from './layout.ts';
import { defined } from './log-type.ts';
import { count, direction, hash, ipAddress, port, protocol, sepmTime } from './values.ts';

/**
 * The local host is always the SEP client that logged the event, whatever the direction; the
 * remote host is the other end (format reference §4.2). The direction never swaps them.
 */
export function connectionFields(read: RecordReader): Record<string, unknown> {
  const local = read.convert('local_host_ip', ipAddress);
  return {
    device_name: read.text('device_name'),
    device_ip: local,
    internal_ip: local,
    internal_port: read.convert('local_port', port),
    external_ip: read.convert('remote_host_ip', ipAddress),
    external_port: read.convert('remote_port', port),
    local_host_mac: read.text('local_host_mac'),
    remote_host_mac: read.text('remote_host_mac'),
    traffic_direction: read.convert('direction', direction),
    network_protocol: read.convert('protocol', protocol),
    device_time: read.convert('begin', sepmTime),
    device_end_time: read.convert('end_time', sepmTime),
    count: read.convert('occurrences', count),
    app_name: read.text('application'),
    user_name: read.text('user_name'),
    domain_name: read.text('domain_name'),
    event_actor: applicationActor(read),
  };
}

/** The process that owned the traffic, by the hashes SEPM gives of `Application`. */
function applicationActor(read: RecordReader): Record<string, unknown> | undefined {
  const file = defined({ sha2: read.convert('sha_256', hash), md5: read.convert('md_5', hash) });
  return file === undefined ? undefined : { file };
}
