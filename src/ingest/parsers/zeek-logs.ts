// One Zeek record (from TSV or JSON, with Zeek's field names) as a canonical Network Event (8007):
// conn, dns, http, ssl and files logs map their fields to the protocol sub-objects EVE events use
// too; another log with connection addresses (weird, notice, …) becomes a plain network event. What
// is not mapped stays under `zeek` with its Zeek name.
import { isIP } from 'node:net';
import { ownValue, setOwnValue, type JsonObject } from '../json-object.ts';
import { fileNameFields } from './eve-details.ts';
import {
  chooseSides, connectionFields, fieldsByTable, isoTime, NETWORK_EVENT, networkSideFields, portOf, protocolCode, put, scalarOf, textOf, urlFields, type Fields, type Peer, type Role,
} from './network-event.ts';

export const ZEEK_LOGS = ['conn', 'dns', 'http', 'ssl', 'files'] as const;

const OTHER_PROTOCOL = 1;

/** Reads a record's fields and remembers which were mapped, so the rest can be kept. */
class RecordReader {
  readonly used = new Set<string>();

  constructor(readonly record: JsonObject) {}

  private take<T>(key: string, accept: (value: unknown) => T | undefined): T | undefined {
    const value = accept(ownValue(this.record, key));
    if (value !== undefined) this.used.add(key);
    return value;
  }

  text(key: string): string | undefined {
    return this.take(key, (value) => (typeof value === 'string' && value !== '' ? value : undefined));
  }

  scalar(key: string): string | number | undefined {
    return this.take(key, scalarOf);
  }

  number(key: string): number | undefined {
    return this.take(key, (value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined));
  }

  ip(key: string): string | undefined {
    return this.take(key, (value) => (typeof value === 'string' && isIP(value) ? value : undefined));
  }

  port(key: string): number | undefined {
    return this.take(key, portOf);
  }

  /** A set or vector of strings (a JSON array of strings only, or a comma-separated string as conn.log's service). */
  texts(key: string): string[] | undefined {
    return this.take(key, (value) => {
      if (Array.isArray(value)) return value.length > 0 && value.every((item) => typeof item === 'string') ? value as string[] : undefined;
      const texts = typeof value === 'string' ? value.split(',').filter((item) => item !== '') : [];
      return texts.length > 0 ? texts : undefined;
    });
  }

  time(key: string): string | undefined {
    return this.take(key, (value) => (typeof value === 'number' || typeof value === 'string' ? isoTime(value) : undefined));
  }

  kept(): JsonObject {
    const kept: JsonObject = {};
    for (const key of Object.keys(this.record)) if (!this.used.has(key)) setOwnValue(kept, key, this.record[key]);
    return kept;
  }
}

/** Zeek's Site::local_nets verdict, when the record has it (conn.log's local_orig/local_resp). */
function localSide(record: JsonObject): Role | undefined {
  const localOrig = ownValue(record, 'local_orig');
  const localResp = ownValue(record, 'local_resp');
  if (localOrig === true && localResp === false) return 'client';
  if (localOrig === false && localResp === true) return 'server';
  return undefined;
}

/** Zeek calls TLS "ssl"; the events say TLS, as EVE's do. */
function protocolName(service: string): string {
  const name = service.trim().toUpperCase();
  return name === 'SSL' ? 'TLS' : name;
}

/** files.log before Zeek 5 names the hosts that sent and received the file instead of a connection. */
function filePeers(reader: RecordReader): { client: Peer; server: Peer } {
  const sender = ownValue(reader.record, 'tx_hosts');
  const receiver = ownValue(reader.record, 'rx_hosts');
  const first = (hosts: unknown) => (Array.isArray(hosts) && typeof hosts[0] === 'string' && isIP(hosts[0]) ? hosts[0] : undefined);
  const client = { ip: first(sender) };
  const server = { ip: first(receiver) };
  if (client.ip !== undefined && (sender as unknown[]).length === 1) reader.used.add('tx_hosts');
  if (server.ip !== undefined && (receiver as unknown[]).length === 1) reader.used.add('rx_hosts');
  return { client, server };
}

const DNS_FIELDS = { query: 'query', query_type: 'qtype_name', response_code: 'rcode_name' };
const HTTP_FIELDS = { host: 'host', uri: 'uri', method: 'method', user_agent: 'user_agent', status_code: 'status_code', referrer: 'referrer' };
const TLS_FIELDS = { server_name: 'server_name', version: 'version', subject: 'subject', issuer: 'issuer', ja3: 'ja3', ja3s: 'ja3s' };
const FILE_FIELDS = { md5: 'md5', sha1: 'sha1', sha2: 'sha256', mime_type: 'mime_type' };

/** Each log's own fields; `start` is the record's time, when it has one. */
const DETAILS: Readonly<Record<string, (reader: RecordReader, start: string | undefined) => Fields>> = {
  conn(reader, start) {
    // Network Event operation 3: connection statistics, which a conn.log record is.
    const fields: Fields = { operation: 3 };
    const duration = reader.number('duration');
    if (start !== undefined && duration !== undefined) put(fields, 'device_end_time', isoTime(Date.parse(start) + duration * 1000));
    return fields;
  },
  dns(reader) {
    const answers = reader.texts('answers');
    return { edr_data_protocols: ['DNS'], dns: fieldsByTable(DNS_FIELDS, (key) => reader.scalar(key), answers ? { answers } : {}) };
  },
  http(reader) {
    const http = fieldsByTable(HTTP_FIELDS, (key) => reader.scalar(key));
    return { edr_data_protocols: ['HTTP'], http, ...urlFields(textOf(http?.host), textOf(http?.uri), textOf(http?.referrer)) };
  },
  ssl(reader) {
    return { edr_data_protocols: ['TLS'], tls: fieldsByTable(TLS_FIELDS, (key) => reader.scalar(key)) };
  },
  files(reader) {
    const file = fileNameFields(reader.text('filename'));
    put(file, 'size', reader.number('total_bytes') ?? reader.number('seen_bytes'));
    const source = reader.text('source');
    return { edr_data_protocols: source?.split(/[\s,]+/).filter(Boolean).map(protocolName), file: fieldsByTable(FILE_FIELDS, (key) => reader.scalar(key), file) };
  },
};

/**
 * The event of a record of the given log (undefined: not known); undefined when nothing places it
 * (not one of the five logs, and no addresses).
 */
export function zeekEvent(record: JsonObject, path: string | undefined, receivedAt: string): Fields | undefined {
  const reader = new RecordReader(record);
  const connectionPeers = {
    client: { ip: reader.ip('id.orig_h'), port: reader.port('id.orig_p') },
    server: { ip: reader.ip('id.resp_h'), port: reader.port('id.resp_p') },
  };
  const { client, server } = path === 'files' && connectionPeers.client.ip === undefined && connectionPeers.server.ip === undefined
    ? filePeers(reader)
    : connectionPeers;
  const details = path !== undefined && Object.hasOwn(DETAILS, path) ? DETAILS[path] : undefined;
  if (!details && client.ip === undefined && server.ip === undefined) return undefined;

  const sides = chooseSides(client, server, localSide(record));
  const start = reader.time('ts');
  const event: Fields = {
    type_id: NETWORK_EVENT,
    device_time: start ?? receivedAt,
    product_name: 'Zeek',
    ...networkSideFields(client, server, sides),
  };
  const protocol = protocolCode(reader.text('proto'));
  put(event, 'network_protocol', protocol);
  // "Other" does not say which: the name stays with the Zeek fields.
  if (protocol === OTHER_PROTOCOL) reader.used.delete('proto');
  const services = reader.texts('service');
  put(event, 'edr_data_protocols', services?.map(protocolName));
  // files.log before Zeek 5: the connection, when the file came over exactly one.
  const connectionUids = ownValue(record, 'conn_uids');
  const uid = reader.text('uid') ?? (Array.isArray(connectionUids) && connectionUids.length === 1 ? reader.texts('conn_uids')?.[0] : undefined);
  put(event, 'connection', connectionFields(uid, sides, reader.number('orig_bytes'), reader.number('resp_bytes')));
  put(event, 'community_id', reader.text('community_id'));
  if (details) for (const [key, value] of Object.entries(details(reader, start))) put(event, key, value);
  const kept = reader.kept();
  if (path !== undefined) kept._path = path;
  event.zeek = kept;
  return event;
}

/** Which log a record without `_path` comes from, by the fields only that log has. */
export function inferZeekPath(record: JsonObject): string | undefined {
  const has = (key: string) => Object.hasOwn(record, key);
  if (has('fuid')) return 'files';
  if (has('query') || has('qtype_name') || has('rcode_name')) return 'dns';
  if (has('server_name') || has('ja3') || has('cipher') || has('ssl_history')) return 'ssl';
  if (has('method') || has('uri') || has('user_agent') || has('status_code')) return 'http';
  if (has('conn_state') || has('history') || has('orig_bytes') || has('duration')) return 'conn';
  return undefined;
}
