// What the network-sensor formats (CEF, LEEF, Suricata EVE, Zeek) share: which side of a connection
// is the endpoint Vigil reports on (device_ip) and which the remote party (external_ip), the protocol
// code, and the canonical fields of a Network Event (8007) or of an intrusion detection's addresses.
// The rules are documented in docs/CONNECTORS.md ("Which side is the endpoint").
import { BlockList, isIP } from 'node:net';
import { parseTime } from '../../model/index.ts';
import { isJsonObject, ownValue, type JsonObject } from '../json-object.ts';
import { locateSyntaxError } from '../json-syntax.ts';

export type Fields = Record<string, unknown>;

/** One end of a connection. */
export interface Peer {
  ip?: string;
  port?: number;
}

/** The connection's originator (client) or responder (server). */
export type Role = 'client' | 'server';

export interface Sides {
  endpoint: Peer;
  remote: Peer;
  endpointRole: Role;
}

export const NETWORK_EVENT = 8007;
export const ENDPOINT_DETECTION = 4124;
export const INTRUSION_DETECTED = 206;

const INBOUND = 1;
const OUTBOUND = 2;

/** Addresses that belong to a site rather than the internet: private, loopback, link-local, shared (CGNAT). */
const INTERNAL_NETWORKS = new BlockList();
for (const [network, prefix] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['127.0.0.0', 8], ['169.254.0.0', 16], ['100.64.0.0', 10]] as const) {
  INTERNAL_NETWORKS.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['fc00::', 7], ['fe80::', 10], ['::1', 128]] as const) INTERNAL_NETWORKS.addSubnet(network, prefix, 'ipv6');

function isInternalAddress(ip: string | undefined): boolean {
  if (ip === undefined) return false;
  const family = isIP(ip);
  if (family === 0) return false;
  return INTERNAL_NETWORKS.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Which peer is the endpoint: the one the source names (an IDS rule's target, Zeek's local_orig,
 * CEF's deviceDirection), else the only one with an address, else the only internal one, else the
 * client — the side that opened the connection is the one whose behaviour the event is about.
 */
export function chooseSides(client: Peer, server: Peer, named?: Role): Sides {
  let endpointRole: Role = named ?? 'client';
  const serverIsEndpoint = client.ip === undefined ? server.ip !== undefined : isInternalAddress(server.ip) && !isInternalAddress(client.ip);
  if (named === undefined && serverIsEndpoint) endpointRole = 'server';
  return endpointRole === 'client'
    ? { endpoint: client, remote: server, endpointRole }
    : { endpoint: server, remote: client, endpointRole };
}

/** The named role from an address the source calls the target (or local) one, when it is one of the peers. */
export function roleOfAddress(ip: string | undefined, client: Peer, server: Peer): Role | undefined {
  if (ip === undefined || client.ip === server.ip) return undefined;
  if (ip === client.ip) return 'client';
  if (ip === server.ip) return 'server';
  return undefined;
}

/** Sets `key` unless `value` is undefined, so that events carry no empty fields. */
export function put(target: Fields, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** Endpoint and remote addresses as SEP's IPS detections carry them (the seed's shape). */
export function detectionSideFields(sides: Sides): Fields {
  const fields: Fields = {};
  put(fields, 'device_ip', sides.endpoint.ip);
  put(fields, 'internal_ip', sides.endpoint.ip);
  put(fields, 'internal_port', sides.endpoint.port);
  put(fields, 'external_ip', sides.remote.ip);
  put(fields, 'external_port', sides.remote.port);
  fields.traffic_direction = sides.endpointRole === 'client' ? OUTBOUND : INBOUND;
  return fields;
}

/** Addresses as Network Events (8007) carry them: source/target by connection, internal/external by side. */
export function networkSideFields(client: Peer, server: Peer, sides: Sides): Fields {
  const fields: Fields = {};
  put(fields, 'source_ip', client.ip);
  if (client.port !== undefined) fields.source_port = [client.port];
  put(fields, 'target_ip', server.ip);
  if (server.port !== undefined) fields.target_port = [server.port];
  put(fields, 'device_ip', sides.endpoint.ip);
  put(fields, 'internal_ip', sides.endpoint.ip);
  put(fields, 'internal_port', sides.endpoint.port);
  put(fields, 'external_ip', sides.remote.ip);
  put(fields, 'external_port', sides.remote.port);
  if (client.ip !== undefined || server.ip !== undefined) fields.data_direction = sides.endpointRole === 'client' ? OUTBOUND : INBOUND;
  return fields;
}

/** `connection` of a Network Event: bytes counted from the endpoint's side (upload = sent by the endpoint). */
export function connectionFields(uid: string | undefined, sides: Sides, bytesFromClient: unknown, bytesFromServer: unknown): Fields | undefined {
  const connection: Fields = {};
  put(connection, 'uid', uid);
  const fromClient = typeof bytesFromClient === 'number' ? bytesFromClient : undefined;
  const fromServer = typeof bytesFromServer === 'number' ? bytesFromServer : undefined;
  put(connection, 'bytes_upload', sides.endpointRole === 'client' ? fromClient : fromServer);
  put(connection, 'bytes_download', sides.endpointRole === 'client' ? fromServer : fromClient);
  return Object.keys(connection).length > 0 ? connection : undefined;
}

const PROTOCOL_BY_NAME: Readonly<Record<string, number>> = { tcp: 2, udp: 3, icmp: 4, icmpv6: 4, 'ipv6-icmp': 4, icmp6: 4 };
const PROTOCOL_BY_NUMBER: Readonly<Record<number, number>> = { 6: 2, 17: 3, 1: 4, 58: 4 };
const OTHER_PROTOCOL = 1;

/** `network_protocol` (1 Other, 2 TCP, 3 UDP, 4 ICMP) of a protocol name or IANA number. */
export function protocolCode(protocol: unknown): number | undefined {
  if (typeof protocol === 'number') return PROTOCOL_BY_NUMBER[protocol] ?? OTHER_PROTOCOL;
  if (typeof protocol !== 'string' || protocol.trim() === '') return undefined;
  const name = protocol.trim().toLowerCase();
  if (/^\d{1,3}$/.test(name)) return PROTOCOL_BY_NUMBER[Number(name)] ?? OTHER_PROTOCOL;
  return Object.hasOwn(PROTOCOL_BY_NAME, name) ? PROTOCOL_BY_NAME[name] : OTHER_PROTOCOL;
}

/** A port number from a number or digits; undefined for anything else. */
export function portOf(value: unknown): number | undefined {
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value.trim()) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** A non-empty string, or undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function objectAt(holder: unknown, key: string): JsonObject | undefined {
  const value = isJsonObject(holder) ? ownValue(holder, key) : undefined;
  return isJsonObject(value) ? value : undefined;
}

export function textAt(holder: unknown, key: string): string | undefined {
  return isJsonObject(holder) ? textOf(ownValue(holder, key)) : undefined;
}

export function numberAt(holder: unknown, key: string): number | undefined {
  const value = isJsonObject(holder) ? ownValue(holder, key) : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A non-empty string or a finite number, as protocol details hold them. */
export function scalarOf(value: unknown): string | number | undefined {
  return textOf(value) ?? (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
}

/**
 * The fields a table names (canonical name → the source's name), each read by `read`; undefined
 * when none is there. The protocol details of EVE and Zeek are such tables.
 */
export function fieldsByTable(table: Readonly<Record<string, string>>, read: (sourceName: string) => unknown, into: Fields = {}): Fields | undefined {
  for (const [name, sourceName] of Object.entries(table)) put(into, name, read(sourceName));
  return Object.keys(into).length > 0 ? into : undefined;
}

type JsonLineResult = { ok: true; value: unknown } | { ok: false; reason: string; column: number };

/** One line of JSON; when it is not JSON, the reason and the column where reading stopped. */
export function readJsonLine(text: string): JsonLineResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const error = locateSyntaxError(text);
    return { ok: false, reason: `not JSON: ${error?.reason ?? 'the text cannot be read as JSON'}`, column: (error?.offset ?? 0) + 1 };
  }
}

export const CANONICAL_TIME_LENGTH = '2021-06-08T20:08:00.000Z'.length;

/**
 * A time in any form the canonical event accepts, as ISO-8601 UTC; undefined when it is none, or
 * outside the years 0–9999 (whose extended form, -000001-…, the canonical event does not read back).
 */
export function isoTime(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.length > 64)) return undefined;
  const result = parseTime(value);
  return result.ok && result.iso.length === CANONICAL_TIME_LENGTH ? result.iso : undefined;
}

/** The URL fields of an HTTP transaction: the full URL and its host, as Network Events carry them. */
export function urlFields(host: string | undefined, uri: string | undefined, referrer: string | undefined): Fields {
  const fields: Fields = {};
  if (uri !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) fields.data_source_url = uri;
  else if (host !== undefined) fields.data_source_url = `http://${host}${uri ?? '/'}`;
  put(fields, 'data_source_url_domain', host);
  put(fields, 'data_source_url_referer', referrer);
  return fields;
}

/** A line without its line break (a file read by lines, or a syslog message with one at the end). */
export function withoutLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === '\n' || line[end - 1] === '\r')) end--;
  return end === line.length ? line : line.slice(0, end);
}
