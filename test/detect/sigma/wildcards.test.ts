// Values, wildcards and escapes as the Sigma specification's "String Wildcard" and "Escaping" define.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detection, detects } from './helpers.ts';

/** Does `Field: <value as written in single-quoted YAML>` match the field text? */
function valueMatches(value: string, text: string): boolean {
  return detects(detection(`    selection:\n        Field: '${value}'\n    condition: selection`), { Field: text });
}

test('plain values match the whole field, case-insensitively', () => {
  assert.ok(valueMatches('whoami.exe', 'WHOAMI.EXE'));
  assert.ok(!valueMatches('whoami.exe', 'c:\\whoami.exe'));
  assert.ok(!valueMatches('whoami', 'whoami.exe'));
});

test('case-insensitive matching takes σ and final ς for one letter, as Σ lowers to either by its neighbours', () => {
  const contains = (value: string, text: string, modifiers = ''): boolean =>
    detects(detection(`    selection:\n        Field|contains${modifiers}: '${value}'\n    condition: selection`), { Field: text });
  assert.ok(contains('ΟΣ', 'ΟΣΑ'));
  assert.ok(contains('ος', 'ΟΣ'));
  assert.ok(contains('ος', 'ΟΣΑ'));
  assert.ok(contains('Σ*Α', 'ΟΣΑ'));
  assert.ok(valueMatches('οδοσ', 'ΟΔΟΣ'));
  assert.ok(!contains('ος', 'οσ', '|cased'), 'cased values are compared as written');
});

test('* is any run of characters, ? exactly one', () => {
  assert.ok(valueMatches('prog?.exe', 'progA.exe'));
  assert.ok(!valueMatches('prog?.exe', 'prog.exe'));
  assert.ok(!valueMatches('prog?.exe', 'progAB.exe'));
  assert.ok(valueMatches('antivirus_V*.exe', 'antivirus_V21.2.1.exe'));
  assert.ok(valueMatches('antivirus_V*.exe', 'antivirus_V.exe'));
  assert.ok(valueMatches('*a*b?c*', 'xxAyyBzCww'));
  assert.ok(!valueMatches('*a*b?c*', 'xxAyyBCww'));
  assert.ok(valueMatches('*', ''));
});

test('escapes: \\* and \\? are plain, \\\\ before a wildcard is one backslash', () => {
  assert.ok(valueMatches('a\\*b', 'a*b'));
  assert.ok(!valueMatches('a\\*b', 'axxb'));
  assert.ok(valueMatches('a\\?b', 'a?b'));
  assert.ok(!valueMatches('a\\?b', 'axb'));
  // `\\*`: a backslash followed by the wildcard.
  assert.ok(valueMatches('C:\\\\*', 'C:\\Windows'));
  // `\\\*`: a backslash followed by a plain star.
  assert.ok(valueMatches('a\\\\\\*', 'a\\*'));
  assert.ok(!valueMatches('a\\\\\\*', 'a\\x'));
});

test('a backslash before anything else is itself; two, three or four are as the specification says', () => {
  assert.ok(valueMatches('C:\\Windows\\cmd.exe', 'C:\\Windows\\cmd.exe'));
  assert.ok(valueMatches('C:\\\\Windows', 'C:\\Windows'));
  assert.ok(valueMatches('a\\\\\\b', 'a\\\\b'));
  assert.ok(valueMatches('a\\\\\\\\b', 'a\\\\b'));
  assert.ok(valueMatches('trailing\\', 'trailing\\'));
});

test('numbers and booleans compare as the text they are written as', () => {
  assert.ok(valueMatches('4688', '4688'));
  const numeric = detection('    selection:\n        EventID: 4688\n        GrantedAccess: 0x1410\n        Signed: true\n    condition: selection');
  assert.ok(detects(numeric, { EventID: 4688, GrantedAccess: '0x1410', Signed: 'true' }));
  assert.ok(detects(numeric, { EventID: '4688', GrantedAccess: '0X1410', Signed: true }));
  assert.ok(!detects(numeric, { EventID: 4688, GrantedAccess: '5136', Signed: 'true' }));
});

test('empty and null values', () => {
  const empty = detection("    selection:\n        Field: ''\n    condition: selection");
  assert.ok(detects(empty, { Field: '' }));
  assert.ok(!detects(empty, {}));
  const none = detection('    selection:\n        Field: null\n    condition: selection');
  assert.ok(detects(none, {}));
  assert.ok(detects(none, { Field: null }));
  assert.ok(!detects(none, { Field: '' }));
  assert.ok(!detects(none, { Field: 'x' }));
});

test('field names tolerate case and the spaces Windows puts in them', () => {
  const sigma = detection("    selection:\n        SourceProcessGUID: 'x'\n        SourceName: 'Real-Time Protection'\n    condition: selection");
  assert.ok(detects(sigma, { SourceProcessGuid: 'X', 'Source Name': 'real-time protection' }));
});
