import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUERY_LENGTH, parseQuery, QueryError, type QueryNode } from '../../src/query/index.ts';

const exact = (field: string, text: string, position: number): QueryNode => ({ kind: 'term', field, value: { kind: 'exact', text }, position });

/** Asserts the query fails with exactly this position and `expected`. */
function assertError(query: string, position: number, expected: string | RegExp): QueryError {
  let caught: unknown;
  try {
    parseQuery(query);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof QueryError, `${JSON.stringify(query)} should fail with a QueryError`);
  assert.equal(caught.position, position, `position for ${JSON.stringify(query)}: ${caught.message}`);
  if (typeof expected === 'string') assert.equal(caught.expected, expected);
  else assert.match(caught.expected, expected);
  assert.match(caught.message, new RegExp(`^query: expected .* at position ${position}`));
  return caught;
}

test('field:value, with or without a space after the colon, dotted paths and phrases', () => {
  assert.deepEqual(parseQuery('atp_incident_id: 100022'), exact('atp_incident_id', '100022', 17));
  assert.deepEqual(parseQuery('file.name:mimikatz.exe'), exact('file.name', 'mimikatz.exe', 10));
  assert.deepEqual(parseQuery('event_actor.pid:620'), exact('event_actor.pid', '620', 16));
  assert.deepEqual(parseQuery('mitre.tactic:"Command and Control"'), exact('mitre.tactic', 'Command and Control', 13));
  assert.deepEqual(parseQuery('name:"say \\"hi\\" \\\\ there"'), exact('name', 'say "hi" \\ there', 5));
});

test('values keep colons after "field:" (times, IPv6, URLs); field names end at the first colon', () => {
  assert.deepEqual(parseQuery('last_seen: 2022-10-22T11:23:26.561Z'), exact('last_seen', '2022-10-22T11:23:26.561Z', 11));
  assert.deepEqual(parseQuery('a:b:c'), exact('a', 'b:c', 2));
  assert.deepEqual(parseQuery('data_source_url:https://x.example/a?b'), {
    kind: 'term', field: 'data_source_url', position: 16,
    value: { kind: 'wildcard', pattern: [{ kind: 'literal', text: 'https://x.example/a' }, { kind: 'oneChar' }, { kind: 'literal', text: 'b' }] },
  });
});

test('the empty query and a lone * match everything', () => {
  for (const query of ['', '   ', '*']) assert.deepEqual(parseQuery(query), { kind: 'all' });
});

test('field groups, also with values joined by OR without spaces (XSOAR)', () => {
  const group = { kind: 'or', children: [exact('type_id', '4096', 9), exact('type_id', '4098', 17), exact('type_id', '4123', 25)] };
  assert.deepEqual(parseQuery('type_id:(4096 OR 4098 OR 4123)'), group);
  assert.deepEqual(parseQuery('type_id:(4096OR4098)'), { kind: 'or', children: [exact('type_id', '4096', 9), exact('type_id', '4098', 15)] });
  assert.deepEqual(parseQuery('sha2: (a OR b)'), { kind: 'or', children: [exact('sha2', 'a', 7), exact('sha2', 'b', 12)] });
  assert.deepEqual(parseQuery('name:(DOOR)'), exact('name', 'DOOR', 6), 'only digits joined by OR are split');
  assert.deepEqual(parseQuery('name:(a -b)'), { kind: 'and', children: [exact('name', 'a', 6), { kind: 'not', child: exact('name', 'b', 9) }] });
});

test('AND binds tighter than OR; adjacent clauses are ANDed; NOT, !, - negate and + is required', () => {
  const [a, b, c] = [exact('a', '1', 2), exact('b', '2', 9), exact('c', '3', 17)];
  assert.deepEqual(parseQuery('a:1 OR b:2 AND c:3'), { kind: 'or', children: [a, { kind: 'and', children: [b, c] }] });
  assert.deepEqual(parseQuery('a:1 || b:2 && c:3'), { kind: 'or', children: [a, { kind: 'and', children: [b, { ...c, position: 16 }] }] });
  assert.deepEqual(parseQuery('(a:1 OR b:2) c:3'), { kind: 'and', children: [{ kind: 'or', children: [exact('a', '1', 3), exact('b', '2', 10)] }, { ...c, position: 15 }] });
  assert.deepEqual(parseQuery('!state:4'), { kind: 'not', child: exact('state', '4', 7) });
  assert.deepEqual(parseQuery('-state:4'), { kind: 'not', child: exact('state', '4', 7) });
  assert.deepEqual(parseQuery('NOT state:4'), { kind: 'not', child: exact('state', '4', 10) });
  assert.deepEqual(parseQuery('NOT NOT state:4'), exact('state', '4', 14));
  assert.deepEqual(parseQuery('+state:4'), exact('state', '4', 7));
  assert.deepEqual(parseQuery('a:1 NOT b:2'), { kind: 'and', children: [a, { kind: 'not', child: exact('b', '2', 10) }] });
});

test('lowercase operators are operators (XSOAR sends "and"); escaped or quoted they are values', () => {
  assert.deepEqual(parseQuery('severity_id: (1) and status_id: (1)'), { kind: 'and', children: [exact('severity_id', '1', 14), exact('status_id', '1', 33)] });
  assert.deepEqual(parseQuery('a:1 or b:2'), { kind: 'or', children: [exact('a', '1', 2), exact('b', '2', 9)] });
  assert.deepEqual(parseQuery('not a:1'), { kind: 'not', child: exact('a', '1', 6) });
  assert.deepEqual(parseQuery('word:\\AND'), exact('word', 'AND', 5));
  assert.deepEqual(parseQuery('word:"OR"'), exact('word', 'OR', 5));
});

test('ranges: inclusive, exclusive, mixed, open ends, now and ISO dates', () => {
  assert.deepEqual(parseQuery('last_event_seen:[2020-06-08T15:39:55.616Z TO now]'), {
    kind: 'range', field: 'last_event_seen', position: 16,
    lower: { text: '2020-06-08T15:39:55.616Z', inclusive: true, position: 17 },
    upper: { text: 'now', inclusive: true, position: 45 },
  });
  assert.deepEqual(parseQuery('n:{1 TO 5]'), { kind: 'range', field: 'n', position: 2, lower: { text: '1', inclusive: false, position: 3 }, upper: { text: '5', inclusive: true, position: 8 } });
  assert.deepEqual(parseQuery('n:[1 TO 5}'), { kind: 'range', field: 'n', position: 2, lower: { text: '1', inclusive: true, position: 3 }, upper: { text: '5', inclusive: false, position: 8 } });
  assert.deepEqual(parseQuery('n:[* TO -5]'), { kind: 'range', field: 'n', position: 2, lower: undefined, upper: { text: '-5', inclusive: true, position: 8 } });
  assert.deepEqual(parseQuery('first_seen: [2022-10-01T07:00:58.030Z  TO 2022-10-21T06:41:54.452Z]'), {
    kind: 'range', field: 'first_seen', position: 12,
    lower: { text: '2022-10-01T07:00:58.030Z', inclusive: true, position: 13 },
    upper: { text: '2022-10-21T06:41:54.452Z', inclusive: true, position: 42 },
  });
  assert.deepEqual(parseQuery('n:["a b" TO "c"]'), { kind: 'range', field: 'n', position: 2, lower: { text: 'a b', inclusive: true, position: 3 }, upper: { text: 'c', inclusive: true, position: 12 } });
});

test('wildcards, in unquoted values and in phrases; escaped they are literal', () => {
  assert.deepEqual(parseQuery('name:svc*'), { kind: 'term', field: 'name', position: 5, value: { kind: 'wildcard', pattern: [{ kind: 'literal', text: 'svc' }, { kind: 'anyChars' }] } });
  assert.deepEqual(parseQuery('signature_name:"System Infected*"'), {
    kind: 'term', field: 'signature_name', position: 15,
    value: { kind: 'wildcard', pattern: [{ kind: 'literal', text: 'System Infected' }, { kind: 'anyChars' }] },
  });
  assert.deepEqual(parseQuery('name:a\\*b\\?'), exact('name', 'a*b?', 5));
  assert.deepEqual(parseQuery('name:*'), { kind: 'exists', field: 'name', position: 5 });
});

test('every special character can be escaped', () => {
  const specials = ['+', '-', '&&', '||', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', '\\', ':', '/'];
  for (const special of specials) {
    const escaped = [...special].map((char) => `\\${char}`).join('');
    assert.deepEqual(parseQuery(`f:a${escaped}b`), exact('f', `a${special}b`, 2), special);
    assert.deepEqual(parseQuery(`a${escaped}b`), { kind: 'freeText', value: { kind: 'exact', text: `a${special}b` }, position: 0 }, special);
  }
});

test('bare terms are free text; _exists_ names a field', () => {
  assert.deepEqual(parseQuery('trickybot'), { kind: 'freeText', value: { kind: 'exact', text: 'trickybot' }, position: 0 });
  assert.deepEqual(parseQuery('"Trojan.Trickybot Activity"'), { kind: 'freeText', value: { kind: 'exact', text: 'Trojan.Trickybot Activity' }, position: 0 });
  assert.deepEqual(parseQuery('_exists_:mitre.tactic'), { kind: 'exists', field: 'mitre.tactic', position: 9 });
  assert.deepEqual(parseQuery('_exists_:(a OR b)'), { kind: 'or', children: [{ kind: 'exists', field: 'a', position: 10 }, { kind: 'exists', field: 'b', position: 15 }] });
});

test('CIDR networks, IPv4 and IPv6; host bits are cleared', () => {
  assert.deepEqual(parseQuery('external_ip:192.0.2.77/24'), { kind: 'cidr', field: 'external_ip', position: 12, network: { bytes: [192, 0, 2, 0], prefixLength: 24 } });
  assert.deepEqual(parseQuery('external_ip:2001:db8::/32'), {
    kind: 'cidr', field: 'external_ip', position: 12, network: { bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], prefixLength: 32 },
  });
  assert.deepEqual(parseQuery('external_ip:"192.0.2.0/24"'), exact('external_ip', '192.0.2.0/24', 12), 'quoted, it is text');
});

test('malformed queries name the position and what was expected there', () => {
  const error = assertError('priority_level:', 15, 'a value after "priority_level:"');
  assert.equal(error.message, 'query: expected a value after "priority_level:" at position 15');
  assertError('name:"unclosed', 14, 'a closing " for the phrase opened at position 5');
  assertError('(a:1 OR b:2', 11, '")" to close the "(" at position 0');
  assertError('a:(1 OR 2', 9, '")" to close the "(" at position 2');
  assertError('t:[a TO', 7, 'the upper bound of the range');
  assertError('t:[a', 4, '"TO"');
  assertError('t:[a b]', 5, '"TO"');
  assertError('t:[a TO b', 9, '"]" or "}" to close the range opened at position 2');
  assertError('t:[', 3, 'the lower bound of the range');
  assertError('t:[a* TO b]', 3, 'the lower bound of the range without wildcards (or * for an open end)');
  assertError('[a TO b]', 0, 'a field name before the range, such as device_time:[a TO b]');
  assertError('a:1)', 3, 'AND, OR or the end of the query');
  assertError('AND a:1', 0, 'a search term');
  assertError('a:1 AND', 7, 'a search term');
  assertError('a:1 OR ()', 8, 'a search term');
  assertError('a:1 NOT', 7, 'a search term');
  assertError('a:()', 3, 'a value for "a"');
  assertError('a: OR b', 3, 'a value after "a:"');
  assertError('name:abc\\', 9, 'a character after the escape \\');
  assertError('foo*:bar', 0, /^a field name/);
  assertError('_exists_:"a b"', 9, /^a field name/);
  assertError('a^2', 1, 'a search term');
  assertError('fuzzy~', 5, 'a search term');
  assertError('ip:10.0.0.0/33', 3, 'a CIDR network such as 192.0.2.0/24 or 2001:db8::/32');
  assertError('ip:10.0.0.256/8', 3, 'a CIDR network such as 192.0.2.0/24 or 2001:db8::/32');
  assertError('ip:2001:db8::/129', 3, 'a CIDR network such as 192.0.2.0/24 or 2001:db8::/32');
  assertError('ip:1:2:3:4:5:6:7:8:9/64', 3, 'a CIDR network such as 192.0.2.0/24 or 2001:db8::/32');
});

test(`queries are limited to ${MAX_QUERY_LENGTH} characters`, () => {
  const longest = `description:"${'x'.repeat(MAX_QUERY_LENGTH - 14)}"`;
  assert.equal(longest.length, MAX_QUERY_LENGTH);
  assert.equal(parseQuery(longest).kind, 'term');
  const error = assertError(`${longest} `, MAX_QUERY_LENGTH, `a query of at most ${MAX_QUERY_LENGTH} characters`);
  assert.equal(error.message, `query: expected a query of at most ${MAX_QUERY_LENGTH} characters at position ${MAX_QUERY_LENGTH}, found ${MAX_QUERY_LENGTH + 1} characters`);
});

test('NUL characters, too many terms and too deep nesting are refused', () => {
  assertError('name:a\u0000b', 6, 'text without NUL characters');
  const tooMany = Array.from({ length: 1025 }, (_, i) => `t${i}`).join(' ');
  assertError(tooMany, tooMany.indexOf('t1024'), 'at most 1024 terms');
  assert.equal(parseQuery('('.repeat(100) + 'a:1' + ')'.repeat(100)).kind, 'term');
  assertError('('.repeat(101) + 'a:1' + ')'.repeat(101), 100, 'at most 100 nested groups and negations');
  assertError('NOT '.repeat(101) + 'a:1', 400, 'at most 100 nested groups and negations');
});

test('thousands of + prefixes parse (a loop, not a recursion that overflowed the stack)', () => {
  assert.deepEqual(parseQuery(`${'+'.repeat(10_000)}a`), { ...parseQuery('a'), position: 10_000 });
});
