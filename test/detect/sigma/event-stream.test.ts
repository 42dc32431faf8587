// Reading events from concatenated JSON objects, NDJSON or an array, in chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonObjectSplitter, parseEventText } from '../../../src/detect/sigma/index.ts';

test('concatenated pretty-printed objects, NDJSON and arrays all give the objects', () => {
  const pretty = '{\n  "a": 1,\n  "s": "brace } and \\" quote {"\n}\n{\n  "b": {"c": [1, 2]}\n}\n';
  assert.deepEqual(parseEventText(pretty), [{ a: 1, s: 'brace } and " quote {' }, { b: { c: [1, 2] } }]);
  assert.deepEqual(parseEventText('{"a":1}\n{"a":2}\n'), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(parseEventText('[{"a":1},{"a":2}]'), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(parseEventText(''), []);
});

test('objects split across chunks come out whole', () => {
  const splitter = new JsonObjectSplitter();
  const text = '{"a": "x}y"}  {"b": [1, {"c": 2}]}';
  const out: string[] = [];
  for (let index = 0; index < text.length; index += 3) out.push(...splitter.push(text.slice(index, index + 3)));
  splitter.end();
  assert.deepEqual(out.map((json) => JSON.parse(json)), [{ a: 'x}y' }, { b: [1, { c: 2 }] }]);
});

test('broken streams say what is wrong', () => {
  assert.throws(() => parseEventText('{"a": 1'), /ends inside an object/);
  assert.throws(() => parseEventText('{"a": 1} x'), /unexpected "x"/);
});
