import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BodyParseError, parseBody } from '../../src/ingest/index.ts';

function parseError(body: string | Buffer, contentType: string | undefined): BodyParseError {
  try {
    parseBody(body, contentType);
  } catch (error) {
    assert.ok(error instanceof BodyParseError, String(error));
    return error;
  }
  assert.fail('expected a BodyParseError');
}

describe('parseBody: JSON', () => {
  test('one object is one record', () => {
    assert.deepEqual(parseBody('{"type_id": 4124}', 'application/json'), { records: [{ index: 0, value: { type_id: 4124 } }], errors: [] });
  });

  test('an array is one record per element, scalars included (normalization rejects them)', () => {
    const parsed = parseBody(Buffer.from('[{"a": 1}, "x", {"b": 2}]'), 'application/json; charset=utf-8');
    assert.deepEqual(parsed.records, [{ index: 0, value: { a: 1 } }, { index: 1, value: 'x' }, { index: 2, value: { b: 2 } }]);
  });

  test('a UTF-8 BOM is ignored, in a Buffer and in a string', () => {
    assert.deepEqual(parseBody(Buffer.from('\uFEFF{"a": 1}'), 'application/json').records, [{ index: 0, value: { a: 1 } }]);
    assert.deepEqual(parseBody('\uFEFF[{"a": 1}]', 'application/json').records, [{ index: 0, value: { a: 1 } }]);
  });

  test('a malformed multi-line array names the line and column of the error', () => {
    const body = '[\n  {"type_id": 4124},\n  {"type_id": 4124,}\n]';
    const error = parseError(body, 'application/json');
    assert.equal(error.line, 3);
    assert.equal(error.column, 20);
    assert.equal(error.reason, 'expected a double-quoted property name, found "}"');
    assert.equal(error.message, 'expected a double-quoted property name, found "}" (line 3, column 20)');
  });

  test('an error V8 reports without a position is still placed (trailing comma)', () => {
    const error = parseError('[\n  {"a": 1},\n  {"b": 2},\n]', 'application/json');
    assert.deepEqual([error.line, error.column], [4, 1]);
    assert.match(error.reason, /^expected a value/);
  });

  test('a truncated body points at its end', () => {
    const error = parseError('[\n  {"a": 1},\n  {"b": ', 'application/json');
    assert.deepEqual([error.line, error.column], [3, 9]);
    assert.match(error.reason, /found the end of the input$/);
    assert.deepEqual([parseError('', 'application/json').line, parseError('', 'application/json').column], [1, 1]);
  });

  test('NDJSON sent as application/json is malformed at line 2', () => {
    const error = parseError('{"a": 1}\n{"b": 2}', 'application/json');
    assert.deepEqual([error.line, error.column], [2, 1]);
    assert.match(error.reason, /end of the input after the JSON value/);
  });
});

describe('parseBody: NDJSON', () => {
  test('a bad line is reported with line and column; the lines beside it are kept', () => {
    const body = '{"n": 1}\n{"n": 2,, }\n\n{"n": 3}\n';
    const parsed = parseBody(body, 'application/x-ndjson');
    assert.deepEqual(parsed.records, [{ index: 0, line: 1, value: { n: 1 } }, { index: 2, line: 4, value: { n: 3 } }]);
    assert.deepEqual(parsed.errors, [{ index: 1, line: 2, column: 9, reason: 'expected a double-quoted property name, found ","' }]);
  });

  test('CRLF line ends, other NDJSON media types and a BOM are accepted', () => {
    for (const type of ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'Application/X-NDJSON; charset=utf-8']) {
      const parsed = parseBody(Buffer.from('\uFEFF{"n": 1}\r\n{"n": 2}\r\n'), type);
      assert.deepEqual(parsed.records.map((record) => record.value), [{ n: 1 }, { n: 2 }], type);
      assert.deepEqual(parsed.errors, []);
    }
  });

  test('a line holding an array is passed on whole, as one record, not expanded', () => {
    const parsed = parseBody('{"n": 1}\n[{"n": 2}, {"n": 3}]', 'application/x-ndjson');
    assert.deepEqual(parsed.records[1], { index: 1, line: 2, value: [{ n: 2 }, { n: 3 }] });
  });
});

describe('parseBody: no or unknown content type', () => {
  test('one object per line is read as NDJSON', () => {
    const parsed = parseBody('{"n": 1}\n{"n": 2}\nbroken', undefined);
    assert.deepEqual(parsed.records.map((record) => record.line), [1, 2]);
    assert.deepEqual(parsed.errors.map((error) => [error.index, error.line, error.column]), [[2, 3, 1]]);
  });

  test('a pretty-printed object or an array is read as one JSON document', () => {
    assert.deepEqual(parseBody('{\n  "n": 1\n}', 'text/plain').records, [{ index: 0, value: { n: 1 } }]);
    assert.deepEqual(parseBody('[{"n": 1},\n{"n": 2}]', undefined).records.length, 2);
  });

  test('NDJSON whose first line is the bad one keeps its good lines (curl -d sends no NDJSON type)', () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const parsed = parseBody('{"type_id": 4124, "device_time": \n{"n": 2}\n{"n": 3}\n', type);
      assert.deepEqual(parsed.records.map((record) => [record.index, record.line]), [[1, 2], [2, 3]], String(type));
      assert.deepEqual(parsed.errors.map((error) => [error.index, error.line]), [[0, 1]]);
    }
  });

  test('a broken pretty-printed document stays one document, failing where it breaks', () => {
    const error = parseError('[\n  {"n": 1},\n  {"n": 2,}\n]', undefined);
    assert.equal(error.line, 3);
  });

  test('text that is not JSON fails at its first character', () => {
    const error = parseError('hello', 'text/plain');
    assert.deepEqual([error.line, error.column], [1, 1]);
  });
});

describe('parseBody: hostile bytes', () => {
  test('invalid UTF-8 becomes U+FFFD instead of failing the batch', () => {
    const body = Buffer.concat([Buffer.from('{"name": "a'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('b"}')]);
    assert.deepEqual(parseBody(body, 'application/json').records, [{ index: 0, value: { name: 'a\uFFFD\uFFFD\uFFFDb' } }]);
  });

  test('a raw NUL byte is a syntax error with its position, in a document and on an NDJSON line', () => {
    const error = parseError(Buffer.from('{"name": "a\u0000b"}'), 'application/json');
    assert.deepEqual([error.line, error.column], [1, 12]);
    assert.match(error.reason, /control characters/);
    const parsed = parseBody(Buffer.from('{"n": 1}\n\u0000\n{"n": 2}'), 'application/x-ndjson');
    assert.equal(parsed.records.length, 2);
    assert.deepEqual(parsed.errors.map((lineError) => [lineError.line, lineError.column]), [[2, 1]]);
  });

  test('ASCII and non-ASCII bodies read alike, whichever decoder takes them', () => {
    const values = ['plain', 'caf\u00e9', '\u00ff\u0100', '\u{1F600}', 'tab\tand \\u00e9 escaped'];
    for (const name of values) {
      assert.deepEqual(parseBody(Buffer.from(JSON.stringify([{ name }])), 'application/json').records, [{ index: 0, value: { name } }], name);
    }
  });

  test('an escaped NUL is data and is kept', () => {
    assert.deepEqual(parseBody('{"name": "a\\u0000b"}', 'application/json').records[0].value, { name: 'a\u0000b' });
  });
});
