// Values read against the schema: kinds of fields, and the errors a value of the wrong kind causes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMatcher, defineQuerySchema, EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA, matches, parseQuery, QueryError } from '../../src/query/index.ts';
import { TRAFFIC_DIRECTION } from '../../src/model/index.ts';
import { NOW } from './fixtures.ts';

function assertSchemaError(query: string, position: number, expected: string | RegExp, schema = EVENT_QUERY_SCHEMA): void {
  const ast = parseQuery(query);
  assert.throws(() => compileMatcher(ast, schema, NOW), (error: unknown) => {
    assert.ok(error instanceof QueryError, String(error));
    assert.equal(error.position, position, error.message);
    if (typeof expected === 'string') assert.equal(error.expected, expected);
    else assert.match(error.expected, expected);
    return true;
  }, query);
}

test('field kinds: declared fields, _ip/_port suffixes, and unknown fields', () => {
  assert.deepEqual(EVENT_QUERY_SCHEMA.kindOf('traffic_direction'), { kind: 'enum', catalog: TRAFFIC_DIRECTION });
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('device_time').kind, 'time');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('data_source_ip').kind, 'ip');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('device_ipv6').kind, 'ip');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('target_port').kind, 'integer');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('event_actor.pid').kind, 'integer');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('infected').kind, 'boolean');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('mitre.tactic').kind, 'text');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('enriched_data.rule_name').kind, 'unknown');
  assert.equal(EVENT_QUERY_SCHEMA.kindOf('constructor').kind, 'unknown');
  assert.equal(INCIDENT_QUERY_SCHEMA.kindOf('priority_level').kind, 'enum');
  assert.equal(INCIDENT_QUERY_SCHEMA.kindOf('last_event_seen').kind, 'time');
  assert.equal(INCIDENT_QUERY_SCHEMA.kindOf('remote.ip').kind, 'ip');
  assert.ok(EVENT_QUERY_SCHEMA.freeTextFields.includes('signature_name'));
});

test('a schema without free-text fields: a bare term matches nothing', () => {
  const schema = defineQuerySchema({ fields: {}, freeTextFields: [] });
  assert.equal(compileMatcher(parseQuery('anything'), schema, NOW)({ description: 'anything' }), false);
});

test('values of the wrong kind are errors at the value, saying what the field takes', () => {
  assertSchemaError('traffic_direction:Sideways', 18, 'a code or label for "traffic_direction"');
  assertSchemaError('network_protocol:"3: TCP"', 17, 'a code or label for "network_protocol"');
  assertSchemaError('external_port:http', 14, 'a number for "external_port"');
  assertSchemaError('external_port:[1 TO high]', 20, 'a number for "external_port"');
  assertSchemaError('infected:yes', 9, 'true or false for "infected"');
  assertSchemaError('infected:tr*', 9, 'true or false for "infected"');
  assertSchemaError('device_time:yesterday', 12, /^a time such as .* for "device_time"$/);
  assertSchemaError('device_time:[2021-06-01 TO tomorrow]', 27, /^a time such as .* for "device_time"$/);
  assertSchemaError('device_time:2021-06*', 12, /^a time such as .* for "device_time"$/);
  assertSchemaError('device_time:now+99999999d', 12, /^a time such as/);
  assertSchemaError('external_ip:192.0.2', 12, /^an IP address, a CIDR network .* for "external_ip"$/);
  assertSchemaError('external_ip:[192.0.2.1 TO 192.0.2.9]', 13, /^an IP address/);
  assertSchemaError('external_port:10.0.0.0/8', 14, 'a number for "external_port"');
  assertSchemaError('state:Reopened', 6, 'a code or label for "state"', INCIDENT_QUERY_SCHEMA);
  assertSchemaError('atp_incident_id:[100000 TO abc]', 27, 'a number for "atp_incident_id"', INCIDENT_QUERY_SCHEMA);
});

test('a comparison operator is answered with the range to write, and a quoted network with the unquoted form', () => {
  const messageOf = (query: string) => {
    try {
      compileMatcher(parseQuery(query), EVENT_QUERY_SCHEMA, NOW);
    } catch (error) {
      return (error as Error).message;
    }
    return assert.fail(`${query} compiled`);
  };
  assert.match(messageOf('severity_id:>=4'), /\(comparisons are written as ranges: severity_id:\[4 TO \*\]\)$/);
  assert.match(messageOf('external_port:>1024'), /\(comparisons are written as ranges: external_port:\{1024 TO \*\]\)$/);
  assert.match(messageOf('device_time:<2021-06-08'), /\(comparisons are written as ranges: device_time:\[\* TO 2021-06-08\}\)$/);
  assert.match(messageOf('severity:<=2'), /\(comparisons are written as ranges: severity:\[\* TO 2\]\)$/);
  assert.match(messageOf('device_time:"<2021-06-08 20:08:00 UTC"'), /\(comparisons are written as ranges: device_time:\[\* TO "2021-06-08 20:08:00 UTC"\}\)$/);
  assert.ok(compileMatcher(parseQuery('device_time:[* TO "2021-06-08 20:08:00 UTC"}'), EVENT_QUERY_SCHEMA, NOW), 'the range it names parses');
  for (const unhelpful of ['severity_id:>=', 'severity_id:"> 4"', 'severity_id:>=abc']) assert.doesNotMatch(messageOf(unhelpful), /comparisons are written/, unhelpful);
  assert.match(messageOf('device_ip:"192.0.2.0/24"'), /\(a quoted value is one address; write a network without quotes: device_ip:192\.0\.2\.0\/24\)$/);
  assert.ok(matches(parseQuery('signature_name:>=4'), { signature_name: '>=4' }, EVENT_QUERY_SCHEMA, NOW), 'on a text field it is text');
  assert.ok(matches(parseQuery('severity_id:[4 TO *]'), { severity_id: 5 }, EVENT_QUERY_SCHEMA, NOW));
});

test('a schema error message names the value and why it does not fit', () => {
  assert.throws(() => compileMatcher(parseQuery('traffic_direction:Sideways'), EVENT_QUERY_SCHEMA, NOW), {
    message: 'query: expected a code or label for "traffic_direction" at position 18, found "Sideways" (traffic_direction "Sideways" is not a known label (known: Unknown, Inbound, Outbound))',
  });
});
