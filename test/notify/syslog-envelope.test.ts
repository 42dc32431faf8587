// The syslog envelope: facility user, severity informational (<14>), as Symantec EDR sends, in
// RFC 5424 or RFC 3164 form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syslogMessage } from '../../src/notify/syslog-envelope.ts';

const at = new Date(2021, 5, 8, 20, 8, 3);

test('RFC 5424: version 1, ISO time in UTC, host, app vigil, pid, no message id or structured data', () => {
  assert.equal(syslogMessage('rfc5424', 'CEF:0|x', at, 'edr-1'), `<14>1 ${at.toISOString()} edr-1 vigil ${process.pid} - - CEF:0|x`);
});

test('RFC 3164: local time without year, the day padded with a space, then host and tag', () => {
  assert.equal(syslogMessage('rfc3164', 'CEF:0|x', at, 'edr-1'), `<14>Jun  8 20:08:03 edr-1 vigil[${process.pid}]: CEF:0|x`);
});
