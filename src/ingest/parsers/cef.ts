// ArcSight Common Event Format: `CEF:Version|Device Vendor|Device Product|Device Version|Device
// Event Class ID|Name|Severity|Extension`. Text before `CEF:` (a syslog header the listener did not
// take off) is kept as `cef.prefix`. Symantec EDR's own export is given back as the events it
// carries; every other record maps its standard keys to canonical fields (cef-event.ts).
import { KeptFields, keyValueEvent, type FieldRole } from './cef-event.ts';
import { readExtension, type ExtensionPair } from './cef-extension.ts';
import { splitPipeHeader } from './cef-header.ts';
import { jsonValueEnd, isSymantecExport, symantecExportEvents } from './cef-symantec.ts';
import { cefTime } from './cef-time.ts';
import { withoutLineEnd } from './network-event.ts';
import type { ParseContext, ParseResult, WireFormat } from './parser.ts';

/** The CEF dictionary's keys that have a canonical meaning. */
const CEF_ROLES: Readonly<Record<string, FieldRole>> = {
  src: 'sourceIp', dst: 'targetIp', spt: 'sourcePort', dpt: 'targetPort', proto: 'protocol',
  act: 'action', deviceDirection: 'direction', rt: 'receiptTime', start: 'startTime', end: 'endTime',
  shost: 'sourceHost', dhost: 'targetHost', suser: 'sourceUser', duser: 'targetUser',
  smac: 'sourceMac', dmac: 'targetMac', sproc: 'sourceProcess', dproc: 'targetProcess', spid: 'sourcePid', dpid: 'targetPid',
  cat: 'category', msg: 'message', request: 'url', requestClientApplication: 'userAgent', requestMethod: 'httpMethod',
  fname: 'fileName', filePath: 'filePath', fileHash: 'fileHash', fsize: 'fileSize', cnt: 'count',
  dvc: 'deviceIp', dvchost: 'deviceHost',
};

/** Keys whose meaning the sender names in `<key>Label` (cs1Label=Rule Name cs1=…). */
const LABELLED_KEY = /^(?:cs[1-6]|cn[1-3]|cfp[1-4]|c6a[1-4]|flexString[12]|flexNumber[12]|flexDate1|deviceCustomDate[12])$/;

const HEADER_FIELDS = 7;

/** Custom fields under the names their labels give them; the other fields split into roles and kept ones. */
function sortFields(pairs: readonly ExtensionPair[], kept: KeptFields): Map<FieldRole, { key: string; value: string }> {
  const firstValues = new Map<string, string>();
  for (const { key, value } of pairs) if (!firstValues.has(key)) firstValues.set(key, value);
  const roles = new Map<FieldRole, { key: string; value: string }>();
  const seen = new Set<string>();
  for (const { key, value } of pairs) {
    const first = !seen.has(key);
    seen.add(key);
    const base = key.endsWith('Label') ? key.slice(0, -5) : undefined;
    if (first && base !== undefined && LABELLED_KEY.test(base) && firstValues.has(base)) continue;
    const label = first && LABELLED_KEY.test(key) ? firstValues.get(`${key}Label`)?.trim() : undefined;
    // A label that names another field of the record would hide it: the field then keeps its own key and its label.
    if (label && !firstValues.has(label)) kept.add(label, value);
    else if (label) {
      kept.add(key, value);
      kept.add(`${key}Label`, label);
    } else if (first && Object.hasOwn(CEF_ROLES, key)) roles.set(CEF_ROLES[key], { key, value });
    else kept.add(key, value);
  }
  return roles;
}

function parseCefLine(line: string, context: ParseContext): ParseResult {
  const text = withoutLineEnd(line);
  if (text.trim() === '') return { ok: true, events: [] };
  const start = text.indexOf('CEF:');
  if (start < 0) return { ok: false, reason: 'not a CEF record: "CEF:" is missing', column: 1 };
  const header = splitPipeHeader(text, start + 4, HEADER_FIELDS, 'CEF');
  if (!header.ok) return header;
  const [version, vendor, product, deviceVersion, eventClass, name, severity] = header.fields;
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(version)) {
    return { ok: false, reason: `the CEF version must be a number such as 0 or 1, got "${version.slice(0, 20)}"`, column: start + 5 };
  }
  // Only the first json= is read as a JSON payload: one bracket scan per line keeps the time linear.
  let payloadClaimed = vendor.trim().toLowerCase() !== 'symantec';
  const extension = readExtension(text, header.rest, (key, at) => {
    if (payloadClaimed || key !== 'json') return undefined;
    payloadClaimed = true;
    return jsonValueEnd(text, at);
  });
  if (!extension.ok) return extension;
  const payload = isSymantecExport(vendor, extension.pairs);
  if (payload) return symantecExportEvents(payload);

  // The header under the CEF dictionary's names for it; the name is mapped (signature_name or description).
  const kept = new KeptFields({ version, deviceVendor: vendor, deviceProduct: product, deviceVersion, deviceEventClassId: eventClass, severity });
  if (start > 0) kept.add('prefix', text.slice(0, start).trimEnd());
  const roles = sortFields(extension.pairs, kept);
  const event = keyValueEvent({
    format: 'cef', vendor, product, version: deviceVersion, eventClass, name, severity, roles, kept,
    readTime: (value) => cefTime(value, context.receivedAt), receivedAt: context.receivedAt,
  });
  return { ok: true, events: [event] };
}

export const cefFormat: WireFormat = {
  name: 'cef',
  description: 'ArcSight Common Event Format (CEF 0 and 1), including Symantec EDR\'s own export with its json= payload',
  createParser: () => parseCefLine,
};
