// Common Event Format (ArcSight CEF version 0): a header `CEF:0|vendor|product|version|signature
// id|name|severity|` and space-separated `key=value` extensions, each part escaped as CEF requires
// so that a receiver's parser gives back the exact values.
export interface CefRecord {
  vendor: string;
  product: string;
  version: string;
  signatureId: string;
  name: string;
  /** 0–10. */
  severity: number;
  /** In order; a pair whose value is undefined is left out. */
  extensions: [key: string, value: string | number | undefined][];
}

/** A header field: `\` and `|` escaped; a line break would end the record, so it becomes a space. */
function headerField(value: string): string {
  return value.replace(/[\\|]/g, (character) => `\\${character}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** An extension value: `\` and `=` escaped, line breaks written as `\r` and `\n`. */
function extensionValue(value: string): string {
  return value.replace(/[\\=]/g, (character) => `\\${character}`).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

export function formatCef(record: CefRecord): string {
  const header = [record.vendor, record.product, record.version, record.signatureId, record.name, String(record.severity)].map(headerField);
  const extensions = record.extensions.flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${extensionValue(String(value))}`]));
  return `CEF:0|${header.join('|')}|${extensions.join(' ')}`;
}
