// Every value modifier of the Sigma specification (appendix "Modifiers").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detection, detects, rejection } from './helpers.ts';

function item(key: string, value: string, options?: Parameters<typeof detection>[1]) {
  return detection(`    selection:\n        ${key}: ${value}\n    condition: selection`, options);
}

test('contains, startswith, endswith', () => {
  assert.ok(detects(item('CommandLine|contains', "'-enc'"), { CommandLine: 'powershell -ENC abc' }));
  assert.ok(!detects(item('CommandLine|contains', "'-enc'"), { CommandLine: 'powershell' }));
  assert.ok(detects(item('Image|startswith', "'C:\\Windows\\'"), { Image: 'c:\\windows\\x.exe' }));
  assert.ok(!detects(item('Image|startswith', "'C:\\Windows\\'"), { Image: 'D:\\C:\\Windows\\x.exe' }));
  assert.ok(detects(item('Image|endswith', "'\\cmd.exe'"), { Image: 'C:\\Windows\\System32\\CMD.EXE' }));
  assert.ok(!detects(item('Image|endswith', "'\\cmd.exe'"), { Image: 'C:\\cmd.exe.bak' }));
  // Wildcards inside still work.
  assert.ok(detects(item('CommandLine|contains', "'a*c'"), { CommandLine: 'xxabbbcxx' }));
});

test('a list of values is an OR; |all makes it an AND', () => {
  const any = item('CommandLine|contains', "['-a', '-b']");
  assert.ok(detects(any, { CommandLine: 'x -b' }));
  const all = item('CommandLine|contains|all', "['-a', '-b']");
  assert.ok(!detects(all, { CommandLine: 'x -b' }));
  assert.ok(detects(all, { CommandLine: 'x -b -a' }));
});

test('cased matches case-sensitively', () => {
  assert.ok(detects(item('Field|cased', "'AbC'"), { Field: 'AbC' }));
  assert.ok(!detects(item('Field|cased', "'AbC'"), { Field: 'abc' }));
  assert.ok(!detects(item('Field|contains|cased', "'B'"), { Field: 'abc' }));
});

test('re is case-sensitive, with i, m and s sub-modifiers', () => {
  assert.ok(detects(item('Field|re', "'^a.c$'"), { Field: 'abc' }));
  assert.ok(!detects(item('Field|re', "'^a.c$'"), { Field: 'ABC' }));
  assert.ok(detects(item('Field|re|i', "'^a.c$'"), { Field: 'ABC' }));
  assert.ok(!detects(item('Field|re', "'^b$'"), { Field: 'a\nb' }));
  assert.ok(detects(item('Field|re|m', "'^b$'"), { Field: 'a\nb' }));
  assert.ok(!detects(item('Field|re', "'a.b'"), { Field: 'a\nb' }));
  assert.ok(detects(item('Field|re|s', "'a.b'"), { Field: 'a\nb' }));
  // Not anchored unless the expression says so.
  assert.ok(detects(item('Field|re', "'b+'"), { Field: 'abbbc' }));
});

test('re escapes with an argument (hex, octal, Unicode classes) are not read as the text they are written with', () => {
  for (const source of ['\\x41BC', '\\x{41}BC', '\\101BC', '\\u0041BC']) assert.ok(detects(item('CommandLine|re', `'${source}'`), { CommandLine: 'xxABCxx' }), source);
  for (const source of ['\\pLfoo', '\\p{L}foo']) assert.ok(detects(item('CommandLine|re', `'${source}'`), { CommandLine: 'xfoo' }), source);
  assert.ok(detects(item('CommandLine|re', "'\\PLfoo'"), { CommandLine: '1foo' }));
  assert.ok(!detects(item('CommandLine|re', "'\\PLfoo'"), { CommandLine: 'xfoo' }));
  assert.ok(detects(item('CommandLine|re', "'\\Qab\\E?c'"), { CommandLine: 'ac' }), 'a quantifier after \\E applies to the last quoted character');
});

test('re: a lone surrogate in the text does not hide the character after it', () => {
  assert.ok(detects(item('CommandLine|re', "'-EncodedCommand'"), { CommandLine: 'powershell.exe \ud800-EncodedCommand SQBFAFgA' }));
  assert.ok(detects(item('CommandLine|re', "'ab.c'"), { CommandLine: 'ab\ud800c' }));
  assert.ok(detects(item('CommandLine|re', "'^a.b.c$'"), { CommandLine: 'a\udc00b\ud800c' }));
  assert.ok(!detects(item('CommandLine|re', "'^a..b$'"), { CommandLine: 'a\ud800b' }), 'the lone surrogate is one character');
  assert.ok(detects(item('CommandLine|re', "'^.{3,}$'"), { CommandLine: 'a\ud800b' }), 'and counts as one in a long line');
});

test('re runs in linear time: a catastrophic pattern for backtracking engines returns at once', () => {
  const sigma = item('Field|re', "'^(a+)+$'");
  const started = performance.now();
  assert.ok(!detects(sigma, { Field: `${'a'.repeat(5000)}!` }));
  assert.ok(performance.now() - started < 1000);
});

test('re that RE2 cannot express is rejected with the reason', () => {
  assert.match(rejection('title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|re: \'(?<=a)b\'\n    condition: s\n'), /inline\.yml:5:9: detection\.s\.F\|re: regular expression RE2 cannot run/);
});

test('cidr, IPv4 and IPv6', () => {
  const v4 = item('DestinationIp|cidr', "['10.0.0.0/8', '192.168.1.0/24']");
  assert.ok(detects(v4, { DestinationIp: '10.20.30.40' }));
  assert.ok(detects(v4, { DestinationIp: '192.168.1.255' }));
  assert.ok(!detects(v4, { DestinationIp: '192.168.2.1' }));
  assert.ok(!detects(v4, { DestinationIp: 'not an ip' }));
  assert.ok(detects(v4, { DestinationIp: '::ffff:10.1.1.1' }));
  const v6 = item('DestinationIp|cidr', "'fe80::/10'");
  assert.ok(detects(v6, { DestinationIp: 'FE80::1234:5678' }));
  assert.ok(!detects(v6, { DestinationIp: '2001:db8::1' }));
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|cidr: '10.0.0.0/40'\n    condition: s\n"), /not a CIDR network/);
});

test('cidr with an empty or malformed prefix is rejected, not read as /0', () => {
  for (const network of ['10.0.0.0/', '10.0.0.0/x', '10.0.0.0/ 8', '10.0.0.0/0x8', 'fe80::/', 'fe80::/1e1']) {
    const message = rejection(`title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|cidr: '${network}'\n    condition: s\n`);
    assert.ok(message.endsWith(`detection.s.F|cidr: "${network}" is not a CIDR network`), message);
  }
  assert.ok(detects(item('DestinationIp|cidr', "'10.0.0.0/08'"), { DestinationIp: '10.1.2.3' }));
  assert.ok(detects(item('DestinationIp|cidr', "'0.0.0.0/0'"), { DestinationIp: '8.8.8.8' }));
});

test('base64 encodes the value; with contains it is found inside', () => {
  // "whoami" → d2hvYW1p
  assert.ok(detects(item('Field|base64', "'whoami'"), { Field: 'd2hvYW1p' }));
  assert.ok(detects(item('Field|base64|contains', "'whoami'"), { Field: 'xx d2hvYW1p yy' }));
  assert.ok(!detects(item('Field|base64', "'whoami'"), { Field: 'whoami' }));
});

test('base64offset finds the value at any of the three byte offsets', () => {
  const sigma = item('CommandLine|base64offset|contains', "'http://'");
  for (const prefix of ['', 'a', 'ab', 'abc']) {
    const encoded = Buffer.from(`${prefix}http://evil`).toString('base64');
    assert.ok(detects(sigma, { CommandLine: `powershell -enc ${encoded}` }), prefix);
  }
  assert.ok(!detects(sigma, { CommandLine: Buffer.from('https:/x').toString('base64') }));
});

test('utf16le / wide / utf16be / utf16 encode before base64', () => {
  const le = Buffer.from('cmd', 'utf16le').toString('base64');
  assert.ok(detects(item('F|utf16le|base64', "'cmd'"), { F: le }));
  assert.ok(detects(item('F|wide|base64', "'cmd'"), { F: le }));
  const be = Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64');
  assert.ok(detects(item('F|utf16be|base64', "'cmd'"), { F: be }));
  const bom = Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64');
  assert.ok(detects(item('F|utf16|base64', "'cmd'"), { F: bom }));
  // PowerShell -EncodedCommand is base64 of UTF-16LE.
  const encoded = Buffer.from('IEX (New-Object Net.WebClient)', 'utf16le').toString('base64');
  assert.ok(detects(item('CommandLine|wide|base64offset|contains', "'New-Object'"), { CommandLine: `powershell -e ${encoded}` }));
});

test('base64 of a value with wildcards is rejected', () => {
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|base64: 'a*'\n    condition: s\n"), /cannot encode a value with wildcards/);
});

test('windash: a flag dash may be -, /, en dash, em dash or horizontal bar', () => {
  const sigma = item('CommandLine|contains|windash', "' -encodedcommand'");
  for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) assert.ok(detects(sigma, { CommandLine: `powershell ${dash}EncodedCommand x` }), dash);
  assert.ok(!detects(sigma, { CommandLine: 'powershell +encodedcommand' }));
  // A dash inside a word is not a flag.
  const inWord = item('CommandLine|contains|windash', "'net-user'");
  assert.ok(!detects(inWord, { CommandLine: 'net/user' }));
  const all = item('CommandLine|contains|all|windash', "[' -a', ' -b']");
  assert.ok(detects(all, { CommandLine: 'x /a -b' }));
  assert.ok(!detects(all, { CommandLine: 'x /a' }));
});

test('exists tests presence, whatever the value', () => {
  assert.ok(detects(item('F|exists', 'true'), { F: '' }));
  assert.ok(detects(item('F|exists', 'true'), { F: null }));
  assert.ok(!detects(item('F|exists', 'true'), {}));
  assert.ok(detects(item('F|exists', 'false'), {}));
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|exists: 'yes'\n    condition: s\n"), /takes true or false/);
});

test('fieldref compares with another field of the same event', () => {
  const same = item('ParentImage|fieldref', "'Image'");
  assert.ok(detects(same, { Image: 'C:\\a.exe', ParentImage: 'c:\\A.EXE' }));
  assert.ok(!detects(same, { Image: 'C:\\a.exe', ParentImage: 'C:\\b.exe' }));
  assert.ok(!detects(same, { ParentImage: 'C:\\b.exe' }));
  assert.ok(detects(item('CommandLine|fieldref|contains', "'Image'"), { Image: 'a.exe', CommandLine: '"A.exe" /c' }));
  assert.ok(detects(item('CommandLine|fieldref|endswith', "'Image'"), { Image: 'a.exe', CommandLine: 'run a.exe' }));
  assert.ok(!detects(item('CommandLine|fieldref|startswith', "'Image'"), { Image: 'a.exe', CommandLine: 'run a.exe' }));
});

test('gt, gte, lt, lte compare numbers', () => {
  assert.ok(detects(item('Size|gt', '10'), { Size: 11 }));
  assert.ok(!detects(item('Size|gt', '10'), { Size: '10' }));
  assert.ok(detects(item('Size|gte', '10'), { Size: '10' }));
  assert.ok(detects(item('Size|lt', '10'), { Size: '9.5' }));
  assert.ok(!detects(item('Size|lt', '10'), { Size: '' }));
  assert.ok(detects(item('Size|lte', '0x10'), { Size: 16 }));
  assert.ok(!detects(item('Size|lte', '10'), { Size: 'many' }));
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|gt: 'ten'\n    condition: s\n"), /needs a number/);
});

test('neq: the field has none of the values', () => {
  const sigma = item('User|neq', "['SYSTEM', 'LOCAL SERVICE']");
  assert.ok(detects(sigma, { User: 'alice' }));
  assert.ok(!detects(sigma, { User: 'system' }));
  assert.ok(!detects(sigma, {}));
});

test('expand replaces placeholders with the configured values; unconfigured ones reject the rule', () => {
  const options = { placeholders: { Admins: ['admin*', 'root'] } };
  const sigma = item('User|expand', "'%Admins%'", options);
  assert.ok(detects(sigma, { User: 'Administrator' }));
  assert.ok(detects(sigma, { User: 'root' }));
  assert.ok(!detects(sigma, { User: 'alice' }));
  assert.ok(detects(item('Host|expand', "'\\%plain%Admins%'", options), { Host: '%plainroot' }));
  assert.ok(detects(item('Field', "'%Admins%'"), { Field: '%Admins%' }), 'without expand it is literal');
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|expand: '%Servers%'\n    condition: s\n"), /placeholder %Servers% has no configured values/);
});

test('unknown modifiers and misplaced sub-modifiers are rejected', () => {
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|containz: 'a'\n    condition: s\n"), /detection\.s\.F\|containz: unknown modifier "containz"/);
  assert.match(rejection("title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        F|contains|i: 'a'\n    condition: s\n"), /only refine `re`/);
});
