// The lines of an HTTP body (or of a file sent by `vigil ingest --format`), as received lines
// numbered from 1: split at LF, a CR before it dropped, blank lines skipped, a leading UTF-8 BOM
// dropped. Split as bytes, so every line keeps its exact bytes for the dead letters.
import { receiveLine, type LineOrigin, type ReceivedLine } from './received-line.ts';

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  return true;
}

export function bodyLines(body: Buffer, origin: LineOrigin, receivedAt: string): ReceivedLine[] {
  const lines: ReceivedLine[] = [];
  let start = body.subarray(0, BOM.length).equals(BOM) ? BOM.length : 0;
  for (let number = 1; start <= body.length; number++) {
    const newline = body.indexOf(LF, start);
    const end = newline === -1 ? body.length : newline;
    const bytes = body.subarray(start, end > start && body[end - 1] === CR ? end - 1 : end);
    if (!isBlank(bytes)) lines.push(receiveLine(bytes, origin, receivedAt, { line: number }));
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}
