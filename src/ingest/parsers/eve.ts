// Suricata's EVE JSON, one record a line. `alert` becomes an intrusion detection (eve-alert.ts);
// every other record with addresses (flow, netflow, dns, http, tls, fileinfo, quic, …) a Network
// Event (8007) with its protocol details (eve-details.ts); a record without addresses (stats) is
// the sensor reporting on itself, a System Health event (1000). What is not mapped stays under
// `suricata`, the protocol objects whole.
import { isIP } from 'node:net';
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from '../json-object.ts';
import { alertFields, namedEndpoint } from './eve-alert.ts';
import { protocolDetails } from './eve-details.ts';
import {
  chooseSides, connectionFields, isoTime, NETWORK_EVENT, networkSideFields, numberAt, objectAt, portOf, protocolCode, put, textAt,
  readJsonLine, withoutLineEnd, type Fields, type Peer, type Sides,
} from './network-event.ts';
import type { ParseContext, ParseResult, WireFormat } from './parser.ts';

const SYSTEM_HEALTH = 1000;
/** Network Event operation 3: connection statistics, which flow records are. */
const CONNECTION_STATISTICS = 3;
const OTHER_PROTOCOL = 1;

/** Event types that are not an application protocol's own record. */
const NOT_A_PROTOCOL = new Set(['alert', 'anomaly', 'drop', 'fileinfo', 'flow', 'netflow', 'stats', 'pkthdr']);
const NO_PROTOCOL = new Set(['failed', 'unknown', '']);

function peerOf(holder: JsonObject | undefined, ipKey: string, portKey: string): Peer {
  const ip = textAt(holder, ipKey);
  return { ip: ip !== undefined && isIP(ip) ? ip : undefined, port: portOf(holder && ownValue(holder, portKey)) };
}

const WELL_KNOWN_PORT_LIMIT = 1024;

/**
 * Which address opened the connection. Suricata 7 alerts carry the flow's own addresses in `flow`;
 * `direction` (to_server/to_client) says how the logged packet went; flow records are logged from
 * the originator. Without either, a well-known port (< 1024) facing a higher one marks the server.
 */
function clientAndServer(record: JsonObject, eventType: string): { client: Peer; server: Peer } {
  const flow = objectAt(record, 'flow');
  const flowClient = peerOf(flow, 'src_ip', 'src_port');
  const flowServer = peerOf(flow, 'dest_ip', 'dest_port');
  if (flowClient.ip !== undefined && flowServer.ip !== undefined) return { client: flowClient, server: flowServer };
  const source = peerOf(record, 'src_ip', 'src_port');
  const destination = peerOf(record, 'dest_ip', 'dest_port');
  const direction = textAt(record, 'direction') ?? textAt(objectAt(record, 'alert'), 'direction');
  if (direction === 'to_client') return { client: destination, server: source };
  if (direction === 'to_server' || eventType === 'flow') return { client: source, server: destination };
  const sourceIsServer = source.port !== undefined && destination.port !== undefined
    && source.port < WELL_KNOWN_PORT_LIMIT && destination.port >= WELL_KNOWN_PORT_LIMIT;
  return sourceIsServer ? { client: destination, server: source } : { client: source, server: destination };
}

function dataProtocols(record: JsonObject, eventType: string): string[] | undefined {
  const appProtocol = textAt(record, 'app_proto')?.toLowerCase();
  if (appProtocol !== undefined && !NO_PROTOCOL.has(appProtocol)) return [appProtocol.toUpperCase()];
  return NOT_A_PROTOCOL.has(eventType) ? undefined : [eventType.toUpperCase()];
}

/** Flow and netflow records: times of the flow, bytes each way, counted from the endpoint. */
function statisticsFields(record: JsonObject, eventType: string, sides: Sides, clientSent: boolean): Fields {
  const statistics = objectAt(record, eventType);
  const fields: Fields = { operation: CONNECTION_STATISTICS };
  put(fields, 'device_time', isoTime(ownValue(statistics ?? {}, 'start')));
  put(fields, 'device_end_time', isoTime(ownValue(statistics ?? {}, 'end')));
  const bytes = eventType === 'flow'
    ? [numberAt(statistics, 'bytes_toserver'), numberAt(statistics, 'bytes_toclient')]
    : clientSent ? [numberAt(statistics, 'bytes'), undefined] : [undefined, numberAt(statistics, 'bytes')];
  put(fields, 'connection', connectionFields(undefined, sides, bytes[0], bytes[1]));
  return fields;
}

function connectionUid(record: JsonObject): string | undefined {
  const flowId = ownValue(record, 'flow_id');
  return typeof flowId === 'number' || (typeof flowId === 'string' && flowId !== '') ? String(flowId) : undefined;
}

/** The record without the fields whose values now are canonical fields. */
function keptFields(record: JsonObject, used: ReadonlySet<string>): JsonObject {
  const kept: JsonObject = {};
  for (const key of Object.keys(record)) if (!used.has(key)) setOwnValue(kept, key, record[key]);
  return kept;
}

function eveEvent(record: JsonObject, eventType: string, receivedAt: string): Fields {
  const time = isoTime(ownValue(record, 'timestamp'));
  const { client, server } = clientAndServer(record, eventType);
  const used = new Set<string>();
  const event: Fields = { device_time: time ?? receivedAt, product_name: 'Suricata' };
  const alert = objectAt(record, 'alert');
  if (client.ip === undefined && server.ip === undefined) {
    event.type_id = SYSTEM_HEALTH;
  } else {
    // The packet's addresses are dropped only where they are the connection's source_ip/target_ip as they stand.
    if (client.ip !== undefined && textAt(record, 'src_ip') === client.ip) used.add('src_ip');
    if (server.ip !== undefined && textAt(record, 'dest_ip') === server.ip) used.add('dest_ip');
    if (client.port !== undefined && portOf(ownValue(record, 'src_port')) === client.port) used.add('src_port');
    if (server.port !== undefined && portOf(ownValue(record, 'dest_port')) === server.port) used.add('dest_port');
    const protocol = protocolCode(ownValue(record, 'proto'));
    if (protocol !== undefined && protocol !== OTHER_PROTOCOL) used.add('proto');
    const sides = chooseSides(client, server, alert && eventType === 'alert' ? namedEndpoint(alert, client, server) : undefined);
    if (alert && eventType === 'alert') Object.assign(event, alertFields(record, alert, sides));
    else Object.assign(event, { type_id: NETWORK_EVENT }, networkSideFields(client, server, sides));
    put(event, 'network_protocol', protocol);
    put(event, 'edr_data_protocols', dataProtocols(record, eventType));
    Object.assign(event, protocolDetails(record));
    const flow = objectAt(record, 'flow');
    if (eventType === 'flow' || eventType === 'netflow') {
      const clientSent = textAt(record, 'src_ip') === client.ip;
      Object.assign(event, statisticsFields(record, eventType, sides, clientSent));
    } else if (flow) {
      put(event, 'connection', connectionFields(undefined, sides, numberAt(flow, 'bytes_toserver'), numberAt(flow, 'bytes_toclient')));
    }
    const uid = connectionUid(record);
    if (uid !== undefined) {
      event.connection = { uid, ...(isJsonObject(event.connection) ? event.connection : {}) };
      used.add('flow_id');
    }
  }
  const communityId = textAt(record, 'community_id');
  if (communityId !== undefined) {
    event.community_id = communityId;
    used.add('community_id');
  }
  // A flow record's timestamp is when it was logged, not when the flow began: then it is kept.
  if (time !== undefined && event.device_time === time) used.add('timestamp');
  event.suricata = keptFields(record, used);
  return event;
}

function parseEveLine(line: string, context: ParseContext): ParseResult {
  const text = withoutLineEnd(line);
  if (text.trim() === '') return { ok: true, events: [] };
  const read = readJsonLine(text);
  if (!read.ok) return read;
  const record = read.value;
  if (!isJsonObject(record)) return { ok: false, reason: 'an EVE record must be a JSON object', column: 1 };
  const eventType = textAt(record, 'event_type');
  if (eventType === undefined) return { ok: false, reason: 'the EVE record has no event_type', column: 1 };
  return { ok: true, events: [eveEvent(record, eventType, context.receivedAt)] };
}

export const eveFormat: WireFormat = {
  name: 'eve',
  description: 'Suricata EVE JSON: alerts as intrusion detections, flow/dns/http/tls/fileinfo records as network events',
  createParser: () => parseEveLine,
};
