import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EVENT_SOURCE, INCIDENT_STATE, NETWORK_PROTOCOL, PRIORITY_LEVEL, RESOLUTION, SEP_EVENT_ID, SEP_SEVERITY, SEVERITY_ID,
  SYMC_DEVICE_ACTION, TRAFFIC_DIRECTION, TYPE_ID, parseCoded, renderCoded,
} from '../../src/model/index.ts';

const code = (catalog: Parameters<typeof parseCoded>[0], value: unknown) => {
  const parsed = parseCoded(catalog, value);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.code;
};

test('a code, a "code: label" string and a label read the same', () => {
  for (const value of [2, '2', '2: TCP', 'TCP', 'tcp', ' 2 : TCP ']) assert.equal(code(NETWORK_PROTOCOL, value), 2, String(value));
  assert.equal(code(TRAFFIC_DIRECTION, '2: Outbound'), 2);
  assert.equal(code(TRAFFIC_DIRECTION, 'Outgoing'), 2);
  assert.equal(code(SEP_EVENT_ID, '206: Intrusion detected'), 206);
  assert.equal(code(SEP_EVENT_ID, 'Intrusion Prevention System Intrusion was detected'), 206);
  assert.equal(code(TYPE_ID, '4124: Endpoint Detection'), 4124);
  assert.equal(code(SYMC_DEVICE_ACTION, '2: Detected'), 2);
  assert.equal(code(INCIDENT_STATE, 'In-Progress'), 3);
  assert.equal(code(RESOLUTION, 'FALSE_POSITIVE'), 2);
  assert.equal(code(PRIORITY_LEVEL, 'high'), 3);
});

test('the two severities are different scales', () => {
  // SEP severity 3 is Critical; severity_id 3 is Minor and 5 is Critical.
  assert.equal(renderCoded(SEP_SEVERITY, 3), '3: Critical');
  assert.equal(renderCoded(SEP_SEVERITY, 5), '5: Major');
  assert.equal(renderCoded(SEP_SEVERITY, 12), '12: Info');
  assert.equal(renderCoded(SEVERITY_ID, 3), '3: Minor');
  assert.equal(renderCoded(SEVERITY_ID, 5), '5: Critical');
  assert.equal(code(SEP_SEVERITY, '3: Critical'), 3);
  assert.equal(code(SEP_SEVERITY, '1: Critical'), 1, 'any code of the Critical band');
  assert.equal(code(SEP_SEVERITY, 'Critical'), 3);
  assert.equal(code(SEVERITY_ID, 'Critical'), 5);
  assert.equal(parseCoded(SEP_SEVERITY, '5: Critical').ok, false);
});

test('contradictions and unknown labels are refused with a reason; unknown codes are kept', () => {
  for (const value of ['3: TCP', '5: TCP', 'Carrier Pigeon', 2.5, true, null]) {
    const parsed = parseCoded(NETWORK_PROTOCOL, value);
    assert.equal(parsed.ok, false, String(value));
    if (!parsed.ok) assert.match(parsed.reason, /network_protocol/);
  }
  assert.equal(code(NETWORK_PROTOCOL, 9), 9);
  assert.equal(code(NETWORK_PROTOCOL, '9: Carrier Pigeon'), 9);
  assert.equal(renderCoded(NETWORK_PROTOCOL, 9), '9');
});

test('rendering matches the seed detail view', () => {
  assert.equal(renderCoded(NETWORK_PROTOCOL, 2), '2: TCP');
  assert.equal(renderCoded(TRAFFIC_DIRECTION, 2), '2: Outbound');
  assert.equal(renderCoded(SEP_EVENT_ID, 206), '206: Intrusion detected');
  assert.equal(renderCoded(TYPE_ID, 4124), '4124: Endpoint Detection');
  assert.equal(renderCoded(TYPE_ID, 4113), '4113: Vantage Detection');
  assert.equal(renderCoded(SYMC_DEVICE_ACTION, 2), '2: Detected');
  assert.equal(renderCoded(EVENT_SOURCE, 1), '1: Triggered the incident');
  assert.equal(renderCoded(NETWORK_PROTOCOL, undefined), undefined);
});

test('the catalogs list what the reference lists', () => {
  for (const typeId of [1, 20, 21, 238, 239, 240, 502, 1000, 4096, 4098, 4099, 4100, 4102, 4112, 4113, 4115, 4116, 4117, 4118, 4123, 4124, 4125, 4353,
    8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007, 8009, 8015, 8016, 8018, 8080, 8081, 8082, 8083, 8084, 8085, 8086, 8089, 8090]) {
    assert.ok(TYPE_ID.labels.has(typeId), `type_id ${typeId}`);
  }
  for (const eventId of [201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 216, 217, 218, 219, 220, 221, 237, 238, 239, 240, 241, 242, 249, 250, 251]) {
    assert.ok(SEP_EVENT_ID.labels.has(eventId), `event_id ${eventId}`);
  }
  assert.deepEqual([...RESOLUTION.labels.keys()], [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...INCIDENT_STATE.labels.values()], ['Open', 'Waiting', 'In-Progress', 'Closed']);
});
