// What an event tells about files and domains: which file (by sha256) was where on which endpoint,
// which URL of which domain an endpoint reached, and which file came from which URL. The entity
// tables (entity-writer.ts) keep these so that entity lookups need no scan of the events.
import { domainOf, type EdrEvent } from '../../model/index.ts';

export interface FileFacts {
  sha2: string;
  md5: string | null;
  name: string;
  folder: string;
  size: number | null;
  signature_company_name: string | null;
}

export interface EventSightings {
  device_uid: string;
  time: string;
  files: FileFacts[];
  domain?: { domain: string; url: string; external_ip: string };
  /** The event's own `file` when it also names a domain: a file that came from there (a download). */
  domainFile?: FileFacts;
}

/** Where events carry a file: the file itself, the target process's image, the acting process's image. */
const FILE_HOLDERS: readonly (readonly string[])[] = [['file'], ['process', 'file'], ['event_actor', 'file']];
const SHA256 = /^[0-9a-f]{64}$/i;
const MD5 = /^[0-9a-f]{32}$/i;

function objectAt(event: EdrEvent, path: readonly string[]): Record<string, unknown> | undefined {
  let value: unknown = event;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Windows and POSIX paths alike: "C:\\x\\y.exe" → ["C:\\x", "y.exe"]. */
function splitPath(path: string): [folder: string, name: string] {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? ['', path] : [path.slice(0, cut), path.slice(cut + 1)];
}

function fileFacts(file: Record<string, unknown>): FileFacts | undefined {
  const sha2 = text(file.sha2);
  if (!SHA256.test(sha2)) return undefined;
  const path = text(file.path);
  const [pathFolder, pathName] = splitPath(path);
  // The EDR reports folders CSIDL-normalized (csidl_profile\appdata\…) where it can.
  const normalizedFolder = text(file.normalized_path) ? splitPath(text(file.normalized_path))[0] : '';
  const md5 = text(file.md5);
  const size = file.size;
  return {
    sha2: sha2.toLowerCase(),
    md5: MD5.test(md5) ? md5.toLowerCase() : null,
    name: text(file.name) || pathName,
    folder: text(file.folder) || normalizedFolder || pathFolder,
    size: typeof size === 'number' && Number.isInteger(size) && size >= 0 ? size : null,
    signature_company_name: text(file.signature_company_name) || null,
  };
}


/** The files and domain an event names; undefined when it names none. */
export function sightingsOf(event: EdrEvent): EventSightings | undefined {
  const files: FileFacts[] = [];
  for (const holder of FILE_HOLDERS) {
    const file = objectAt(event, holder);
    const facts = file && fileFacts(file);
    if (facts && !files.some((known) => known.sha2 === facts.sha2 && known.folder === facts.folder && known.name === facts.name)) files.push(facts);
  }
  const ownFile = objectAt(event, FILE_HOLDERS[0]);
  const url = text(event.data_source_url);
  const domainName = domainOf(event.data_source_url_domain, url);
  if (files.length === 0 && !domainName) return undefined;
  return {
    device_uid: text(event.device_uid),
    time: event.device_time,
    files,
    domain: domainName ? { domain: domainName, url, external_ip: text(event.external_ip) } : undefined,
    domainFile: domainName && ownFile ? fileFacts(ownFile) : undefined,
  };
}
