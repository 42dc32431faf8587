// The wire formats Vigil reads, by name. Each parser lives in its own file and is listed here.
import type { WireFormat } from './parser.ts';

export type { LineParser, ParseContext, ParseResult, WireFormat } from './parser.ts';

export const WIRE_FORMATS: readonly WireFormat[] = [
];

export function wireFormat(name: string): WireFormat | undefined {
  return WIRE_FORMATS.find((format) => format.name === name);
}
