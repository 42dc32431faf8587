// The protocol details of a Suricata EVE record (its dns, http, tls, quic and fileinfo objects) in
// the sub-objects Vigil's network events share with Zeek's: dns{query, query_type, response_code,
// answers}, http{host, uri, method, user_agent, status_code, referrer}, tls{server_name, version,
// subject, issuer, ja3, ja3s} and file{name, path, md5, sha1, sha2, size}. The EVE objects
// themselves stay whole under `suricata`.
import { isJsonObject, ownValue, type JsonObject } from '../json-object.ts';
import { fieldsByTable, objectAt, put, scalarOf, textAt, textOf, urlFields, type Fields } from './network-event.ts';

/** Answers of the three EVE DNS layouts: v1 one `rdata` per record, v2/v3 `answers[]`, or v2 `grouped{type: [...]}`. */
function dnsAnswers(dns: JsonObject): string[] | undefined {
  const answers = ownValue(dns, 'answers');
  if (Array.isArray(answers)) {
    const data = answers.map((answer) => textAt(answer, 'rdata')).filter((rdata) => rdata !== undefined);
    return data.length > 0 ? data : undefined;
  }
  const grouped = objectAt(dns, 'grouped');
  if (grouped) {
    const data = Object.values(grouped).flatMap((values) => (Array.isArray(values) ? values.filter((value) => typeof value === 'string') : []));
    return data.length > 0 ? data : undefined;
  }
  const rdata = textAt(dns, 'rdata');
  return rdata === undefined ? undefined : [rdata];
}

const DNS_FIELDS = { query: 'rrname', query_type: 'rrtype', response_code: 'rcode' };
const HTTP_FIELDS = { host: 'hostname', uri: 'url', method: 'http_method', user_agent: 'http_user_agent', status_code: 'status', referrer: 'http_refer' };
const TLS_FIELDS = { server_name: 'sni', version: 'version', subject: 'subject', issuer: 'issuerdn' };
const FILE_FIELDS = { md5: 'md5', sha1: 'sha1', sha2: 'sha256', size: 'size' };

const scalarIn = (holder: JsonObject | undefined) => (key: string) => scalarOf(holder && ownValue(holder, key));

function dnsDetails(dns: JsonObject): Fields | undefined {
  // Suricata 8 (DNS v3) lists the question in queries[] instead.
  const queries = ownValue(dns, 'queries');
  const firstQuery = Array.isArray(queries) && isJsonObject(queries[0]) ? queries[0] : undefined;
  const answers = dnsAnswers(dns);
  return fieldsByTable(DNS_FIELDS, (key) => scalarIn(dns)(key) ?? scalarIn(firstQuery)(key), answers ? { answers } : {});
}

function tlsDetails(tls: JsonObject): Fields | undefined {
  const hashes: Fields = {};
  put(hashes, 'ja3', textAt(objectAt(tls, 'ja3'), 'hash'));
  put(hashes, 'ja3s', textAt(objectAt(tls, 'ja3s'), 'hash'));
  return fieldsByTable(TLS_FIELDS, scalarIn(tls), hashes);
}

/** A file's name is the last part of the path Suricata gives (the URL path for HTTP). */
export function fileNameFields(path: string | undefined): Fields {
  const fields: Fields = {};
  if (path === undefined) return fields;
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(slash + 1);
  fields.name = name === '' ? path : name;
  if (slash >= 0 && name !== '') fields.path = path;
  return fields;
}

function fileDetails(fileinfo: JsonObject): Fields | undefined {
  return fieldsByTable(FILE_FIELDS, scalarIn(fileinfo), fileNameFields(textAt(fileinfo, 'filename')));
}

/** The canonical protocol fields of an EVE record, from whichever protocol objects it has. */
export function protocolDetails(record: JsonObject): Fields {
  const fields: Fields = {};
  const dns = objectAt(record, 'dns');
  if (dns) put(fields, 'dns', dnsDetails(dns));
  const http = objectAt(record, 'http');
  if (http) {
    const details = fieldsByTable(HTTP_FIELDS, scalarIn(http));
    put(fields, 'http', details);
    if (details) Object.assign(fields, urlFields(textOf(details.host), textOf(details.uri), textOf(details.referrer)));
  }
  const tls = objectAt(record, 'tls');
  if (tls) put(fields, 'tls', tlsDetails(tls));
  // QUIC carries the TLS handshake: its SNI is the server name, as in tls.
  const sni = textAt(objectAt(record, 'quic'), 'sni');
  if (sni !== undefined && fields.tls === undefined) fields.tls = { server_name: sni };
  const fileinfo = objectAt(record, 'fileinfo');
  if (fileinfo) put(fields, 'file', fileDetails(fileinfo));
  return fields;
}
