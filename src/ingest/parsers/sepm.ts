// The `sepm` wire format: SEPM external-logging lines (syslog, or the dump files' lines, or bare
// bodies a collector already stripped); each must be a SEPM log, or it is a failure with the reason.
import type { WireFormat } from './parser.ts';
import { parseSepmBody } from './sepm/parse-body.ts';
import { parseSyslogEnvelope } from './syslog-envelope.ts';

export const sepmFormat: WireFormat = {
  name: 'sepm',
  description: 'Symantec Endpoint Protection Manager external logging (syslog or dump-file lines, or bare bodies): every log type',
  createParser: () => (line, context) => {
    const read = parseSyslogEnvelope(line, context.receivedAt);
    return read.ok ? parseSepmBody(read.envelope, context) : read;
  },
};
