// Properties of the syslog and SEPM parsers over any input: they never throw, every event they
// give normalizes (a parser never hands the pipeline something it will reject), every failure has
// a short reason and a column inside the line (the contract of wire-format-checks.ts); and their
// work grows linearly with the input: no regex can backtrack (checked on the source), and
// megabyte lines of adversarial text are read.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type ParseResult, wireFormat } from '../../../src/ingest/index.ts';
import { parseSyslogMessage } from '../../../src/ingest/parsers/syslog-message.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';
import { assertContract, fill, MEGABYTE } from './wire-format-checks.ts';

const CONTEXT = { receivedAt: '2021-06-09T00:00:00.000Z', source: 'property' };
const parseSepm = wireFormat('sepm')!.createParser();
const PARSERS: [string, (line: string) => ParseResult][] = [
  ['syslog', (line) => parseSyslogMessage(line, CONTEXT)],
  ['sepm', (line) => parseSepm(line, CONTEXT)],
];

function checkEveryParser(line: string): void {
  for (const [, parse] of PARSERS) assertContract(line, parse(line));
}

// Pieces real lines are made of, so that random lines reach deep into the parsers.
const LABELS = [
  'Event Description', 'Local Host IP', 'Local Host', 'Local', 'Remote', 'Local Port', 'Remote Port', 'Begin', 'End', 'End Time',
  'CIDS Signature ID', 'CIDS Signature string', 'Site', 'Server', 'Admin', 'Domain', 'Scan ID', 'Category', 'IP Address',
  'Computer name', 'Detection type', 'Rule', 'Local Host MAC', 'Device ID', 'Action Type', 'Risk name', 'SHA-256', 'Occurrences',
];
const VALUES = [
  '192.0.2.10', '0.0.0.0', '2001:db8::1', 'not-an-ip', '443', '0', '99999', '-1', '2021-06-08 20:08:00', '2021-02-30 25:61:00',
  'Inbound', 'Outbound', 'Unknown', 'TCP', 'others', 'Blocked', 'Allowed', 'constructor', '__proto__', '[SID: 32350] x', '"quoted, value"',
  "'single'", '0C8956C37C54B0B9CBC53BA17FBC88F596E5D6DD984675EA86CEF6BD80AD68F0', '0000', '', ' ', 'Caller MD5=42cf11e94f72bd034f221d78955fcf9c',
];
const fieldArb = fc.oneof(
  fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(': ', ':', ' '), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 12 })))
    .map(([label, separator, value]) => `${label}${separator}${value}`),
  fc.constantFrom(...VALUES),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const bodyArb = fc.oneof(
  fc.array(fieldArb, { maxLength: 40 }).map((fields) => fields.join(',')),
  // Bodies the dispatcher hands to the registry's other parsers.
  fc.tuple(fc.constantFrom('CEF:0|Vendor|Product|1.0|100|Name|5|', 'LEEF:1.0|Vendor|Product|1.0|id|', 'LEEF:2.0|V|P|1|id|^|', '{"event_type":"alert",'),
    fc.string({ unit: 'binary', maxLength: 60 })).map(([start, rest]) => start + rest),
);
const headerArb = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('Jun  8 20:12:19', 'Feb 29 00:00:00', 'Dec 31 23:59:59', 'Jun 8 2019 01:02:03', '2021-06-08T20:12:19Z', 'Jun 99 99:99:99'),
    fc.constantFrom('SEPM01', 'host:514', '[2001:db8::1]:514', ''), fc.constantFrom('SymantecServer:', 'app[1]:', 'app:', ''))
    .map(([pri, time, host, tag]) => `<${pri}>${time} ${host} ${tag} `),
  fc.tuple(fc.integer({ min: 0, max: 191 }), fc.constantFrom('-', '2021-06-08T20:13:02Z', '2021-13-45T99:00:00+99:99', 'x'),
    fc.constantFrom('-', 'sepm01.example.com', 'h:1'), fc.constantFrom('-', 'SymantecServer', 'app'),
    fc.constantFrom('-', '[a b="c"]', '[a b="c\\"d\\]e\\\\"][f g="h"]', '[a b="c', '[a b=c]', '[]', '[__proto__ __proto__="x"]'))
    .map(([pri, time, host, app, sd]) => `<${pri}>1 ${time} ${host} ${app} - - ${sd} \uFEFF`),
  fc.constantFrom('2020-01-16 08:00:31,Critical,', 'Jun  8 20:12:21 [192.0.2.5] Jun  8 20:12:19 SymantecServer SEPM01: ,', '\uFEFF'),
);

describe('never throws, and what it gives is usable', () => {
  test('arbitrary strings (any UTF-16, lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkEveryParser), { numRuns: 1500 });
  });

  test('arbitrary bytes, decoded as real streams decode them (UTF-8 with replacement, Latin-1)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const buffer = Buffer.from(bytes);
      checkEveryParser(buffer.toString('utf8'));
      checkEveryParser(buffer.toString('latin1'));
    }), { numRuns: 1000 });
  });

  test('random syslog headers with random SEPM-like bodies', () => {
    fc.assert(fc.property(headerArb, bodyArb, (header, body) => checkEveryParser(header + body)), { numRuns: 3000 });
  });

  test('every sample line, mutated (characters cut, commas, quotes, colons and spaces put in)', { skip: skipWithout(join(SHARED_DATA, 'sep')) }, () => {
    const lines = readFileSync(join(SHARED_DATA, 'sep/sepm-syslog-samples.log'), 'utf8').split('\n').filter((line) => line !== '');
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.constantFrom('', ',', '"', ':', ': ', ' ', "'", '\\', '[', ']', 'x'));
    fc.assert(fc.property(fc.constantFrom(...lines), fc.array(edit, { maxLength: 6 }), (line, edits) => {
      let mutated = line;
      for (const [at, cut, insert] of edits) {
        const position = at % (mutated.length + 1);
        mutated = mutated.slice(0, position) + insert + mutated.slice(position + cut);
      }
      checkEveryParser(mutated);
    }), { numRuns: 2000 });
  });
});

describe('linear time', () => {
  const PARSER_SOURCES = join(import.meta.dirname, '../../../src/ingest/parsers');

  function ownSourceFiles(): string[] {
    const top = readdirSync(PARSER_SOURCES).filter((name) => /^(syslog-|generic-syslog|sepm)/.test(name) && name.endsWith('.ts'));
    const sepm = readdirSync(join(PARSER_SOURCES, 'sepm')).map((name) => join('sepm', name));
    return [...top, ...sepm].map((name) => join(PARSER_SOURCES, name));
  }

  /** A quantified group that itself holds a quantifier, e.g. (a+)+ or (\s*x)*: the shape that backtracks exponentially. */
  function hasNestedQuantifier(source: string): boolean {
    const groups: boolean[] = [];
    let quantifiedInside = false;
    for (let index = 0; index < source.length; index++) {
      const char = source[index];
      if (char === '\\') {
        index++;
        continue;
      }
      if (char === '[') {
        while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1;
        continue;
      }
      if (char === '(') {
        groups.push(quantifiedInside);
        quantifiedInside = false;
      } else if (char === ')') {
        const inner: boolean = quantifiedInside;
        quantifiedInside = groups.pop() ?? false;
        const next = source[index + 1];
        const repeated = next === '+' || next === '*' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(index + 1)) && !/^\{\d+\}/.test(source.slice(index + 1)));
        if (inner && repeated) return true;
        quantifiedInside ||= inner;
      } else if (char === '+' || char === '*' || char === '{') quantifiedInside = true;
    }
    return false;
  }

  test('the check itself finds nested quantifiers', () => {
    assert.ok(hasNestedQuantifier('(a+)+'));
    assert.ok(hasNestedQuantifier('^(?:\\s*x)*$'));
    assert.ok(hasNestedQuantifier('((ab)*c){2,}'));
    assert.ok(!hasNestedQuantifier('(?:Z|[+-]\\d{2}:?\\d{2})?'));
    assert.ok(!hasNestedQuantifier('^[A-Za-z0-9._:%[\\]-]+$'));
  });

  test('no regex in the syslog and SEPM parsers has a nested quantifier', () => {
    const literal = /(?<![\w)\]$])\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])*)\/[dgimsuy]*/g;
    let checked = 0;
    for (const file of ownSourceFiles()) {
      const code = readFileSync(file, 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('//') && !line.trimStart().startsWith('*')).join('\n');
      for (const match of code.matchAll(literal)) {
        checked++;
        assert.ok(!hasNestedQuantifier(match[1]), `${file}: /${match[1]}/ has a nested quantifier`);
      }
    }
    assert.ok(checked > 20, `found only ${checked} regex literals: the scan is broken`);
  });

  const ADVERSARIAL: [string, string][] = [
    ['quotes', fill('"')],
    ['doubled quotes and commas', fill('"",')],
    ['an unclosed quote, then quoted fields', `"${fill(',"a"')}`],
    ['commas', fill(',')],
    ['colons and spaces', fill(': ')],
    ['label-like text without colon', fill('Local Port ')],
    ['a known label repeated', `WS,${fill('CIDS Signature ID: 1,')}`],
    ['legacy labels repeated', `WS,${fill('Local: 1,Remote: 2,')}CIDS Signature ID: 1`],
    ['unplaced positional fields', `Site: S,Server: S,Domain: D,${fill('x,')}`],
    ['fragments of an unquoted value', `Virus found,IP Address: 192.0.2.1,Computer name: C,${fill('a,')}`],
    ['direction words', `WS,CIDS Signature ID: 1,${fill('Inbound,')}`],
    ['[SID without its end', fill('[SID: 1')],
    ['Caller MD5 without digits', `W,1,Blocked,${fill('Caller MD5=')},Begin: x,Device ID: ,Action Type: `],
    ['structured data elements', `<14>1 - h a - - ${fill('[a b="c"]')} body`],
    ['one structured data value full of escapes', `<14>1 - h a - - [a b="${fill('\\"\\]\\\\')}"] body`],
    ['an unclosed structured data value full of escapes', `<14>1 - h a - - [a b="${fill('\\"')}`],
    ['open brackets', `<14>1 - h a - - ${fill('[')}`],
    ['spaces after a PRI', `<14>${fill(' ')}`],
    ['a relay header that never closes', `Jun  8 20:12:19 [${fill('1')}`],
    ['month names', fill('Jun ')],
    ['a giant hostname and tag', `<14>Jun  8 20:12:19 ${fill('h')} ${fill('t')}: x`],
    ['byte-order marks', fill('\uFEFF')],
    ['backslashes', fill('\\')],
    ['no-break spaces and colons', fill('a:\u00a0')],
  ];

  test('megabyte lines of adversarial text are read, and answer as the contract says', { timeout: 120_000 }, () => {
    for (const [name, line] of ADVERSARIAL) {
      assert.ok(line.length >= MEGABYTE, name);
      for (const [parser, parse] of PARSERS) {
        const result = parse(line);
        assert.equal(typeof result.ok, 'boolean', `${parser}: ${name}`);
        assertContract(line, result);
      }
    }
  });
});
