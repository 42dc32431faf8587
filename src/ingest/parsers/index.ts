// The wire formats Vigil reads, by name. Each parser lives in its own file and is listed here.
import { cefFormat } from './cef.ts';
import { eveFormat } from './eve.ts';
import { leefFormat } from './leef.ts';
import type { WireFormat } from './parser.ts';
import { sepmFormat } from './sepm.ts';
import { syslogFormat } from './syslog-format.ts';
import { zeekFormat } from './zeek.ts';

export type { LineParser, ParseContext, ParseResult, WireFormat } from './parser.ts';
export { parseSyslogMessage } from './syslog-message.ts';

export const WIRE_FORMATS: readonly WireFormat[] = [
  syslogFormat,
  sepmFormat,
  cefFormat,
  leefFormat,
  eveFormat,
  zeekFormat,
];

export function wireFormat(name: string): WireFormat | undefined {
  return WIRE_FORMATS.find((format) => format.name === name);
}
