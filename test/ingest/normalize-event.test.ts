import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeEvent, type NormalizeResult } from '../../src/ingest/index.ts';
import { SEED_AS_CODES, SEED_AS_SHOWN, SEED_CANONICAL } from './seed-event.ts';

const RECEIVED_AT = '2024-01-02T03:04:05.678Z';
const MINIMAL = { type_id: 4124, device_time: '2021-06-08T20:08:00Z', event_uuid: 'e-1' };

function normalized(raw: unknown): Record<string, unknown> {
  const result = normalizeEvent(raw, RECEIVED_AT);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.event;
}

function errorsOf(raw: unknown): { path: string; reason: string }[] {
  const result: NormalizeResult = normalizeEvent(raw, RECEIVED_AT);
  assert.ok(!result.ok, 'expected the event to be rejected');
  return result.errors;
}

function assertRejected(raw: unknown, path: string, reason: RegExp): void {
  const errors = errorsOf(raw);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].path, path);
  assert.match(errors[0].reason, reason);
}

describe('normalizeEvent: the seed event', () => {
  test('written as the console shows it, it becomes the canonical event', () => {
    assert.deepEqual(normalized(SEED_AS_SHOWN), SEED_CANONICAL);
  });

  test('written with codes, ISO times and sub-objects, it becomes the same event', () => {
    assert.deepEqual(normalized(SEED_AS_CODES), SEED_CANONICAL);
  });

  test('without event_uuid the two spellings differ only in the content hash, which is over the raw input', () => {
    const { event_uuid: _shown, ...shown } = SEED_AS_SHOWN;
    const { event_uuid: _codes, ...codes } = SEED_AS_CODES;
    const fromShown = normalized(shown);
    const fromCodes = normalized(codes);
    assert.notEqual(fromShown.event_uuid, fromCodes.event_uuid);
    assert.deepEqual({ ...fromShown, event_uuid: 'x' }, { ...fromCodes, event_uuid: 'x' });
  });

  test('the sender\'s object is not changed', () => {
    const raw = structuredClone({ ...SEED_AS_CODES, 'mitre.tactic_uid': 'TA0011', event_actor: { pid: '620' } });
    const before = structuredClone(raw);
    normalized(raw);
    assert.deepEqual(raw, before);
  });
});

describe('normalizeEvent: dotted keys', () => {
  test('are nested, and merged into a sub-object sent as such', () => {
    const event = normalized({ ...MINIMAL, mitre: { technique_id: 'T1071' }, 'mitre.tactic': 'Command and Control', 'event_actor.file.path': 'c:/x.exe' });
    assert.deepEqual(event.mitre, { technique_id: 'T1071', tactic: 'Command and Control' });
    assert.deepEqual(event.event_actor, { file: { path: 'c:/x.exe' } });
    assert.equal('mitre.tactic' in event, false);
  });

  test('a dotted key under a field that is not an object is a conflict at that field', () => {
    assertRejected({ ...MINIMAL, mitre: 'T1071', 'mitre.tactic': 'Command and Control' }, '$.mitre', /is "T1071", so "mitre.tactic" cannot be placed inside it/);
  });

  test('a field given both dotted and nested is a conflict at its path', () => {
    assertRejected({ ...MINIMAL, mitre: { tactic: 'Execution' }, 'mitre.tactic': 'Command and Control' }, '$.mitre.tactic', /given twice/);
  });

  test('names that are not paths ("a..b", ".a", "a.") are kept literally', () => {
    const event = normalized({ ...MINIMAL, 'a..b': 1, '.a': 2, 'a.': 3 });
    assert.deepEqual([event['a..b'], event['.a'], event['a.']], [1, 2, 3]);
  });
});

describe('normalizeEvent: field conversions', () => {
  test('coded fields accept a code, "code: label" or a label and store the code', () => {
    for (const spelling of [2, '2', '2: TCP', 'TCP', 'tcp']) assert.equal(normalized({ ...MINIMAL, network_protocol: spelling }).network_protocol, 2, String(spelling));
    assert.equal(normalized({ ...MINIMAL, traffic_direction: 'Outgoing' }).traffic_direction, 2);
    assert.equal(normalized({ ...MINIMAL, severity: 'Critical' }).severity, 3);
    assert.equal(normalized({ ...MINIMAL, severity_id: 'Critical' }).severity_id, 5);
    assert.equal(normalized({ ...MINIMAL, event_id: 'Intrusion Prevention System intrusion was detected' }).event_id, 206);
    assert.equal(normalized({ ...MINIMAL, type_id: '4124: Endpoint Detection' }).type_id, 4124);
  });

  test('the two severities are not confused: "3: Critical" is SEP severity, not severity_id', () => {
    assertRejected({ ...MINIMAL, severity_id: '3: Critical' }, '$.severity_id', /code 3 is "Minor", not "Critical"/);
    assertRejected({ ...MINIMAL, severity: '3: Major' }, '$.severity', /code 3 is "Critical", not "Major"/);
  });

  test('ports accept thousands separators and lists where the schema has lists', () => {
    const event = normalized({ ...MINIMAL, external_port: '18,878', internal_port: ' 443 ', local_port: 0, remote_port: '65535', source_port: [80, 443], target_port: '8,080' });
    assert.deepEqual([event.external_port, event.internal_port, event.local_port, event.remote_port, event.source_port, event.target_port], [18878, 443, 0, 65535, [80, 443], 8080]);
  });

  test('ids and pids become numbers, nested or dotted', () => {
    const event = normalized({ ...MINIMAL, signature_id: '32,350', sid: 32350, 'event_actor.pid': '620', process: { pid: '4', name: 'System' } });
    assert.deepEqual([event.signature_id, event.sid, event.event_actor, event.process], [32350, 32350, { pid: 620 }, { pid: 4, name: 'System' }]);
  });

  test('addresses are checked; IPv6 and surrounding spaces are fine', () => {
    const event = normalized({ ...MINIMAL, device_ip: ' 192.0.2.10 ', external_ip: '2001:db8::1' });
    assert.deepEqual([event.device_ip, event.external_ip], ['192.0.2.10', '2001:db8::1']);
  });

  test('flags and lists', () => {
    const event = normalized({ ...MINIMAL, infected: 'TRUE', on_premises: false, categories: ' Attack,Malcode , ,Trojan' });
    assert.deepEqual([event.infected, event.on_premises, event.categories], [true, false, ['Attack', 'Malcode', 'Trojan']]);
  });

  test('JSON null in a normalized field means absent', () => {
    const event = normalized({ ...MINIMAL, device_ip: null, network_protocol: null, event_actor: { pid: null, name: 'x' } });
    assert.equal('device_ip' in event, false);
    assert.equal('network_protocol' in event, false);
    assert.deepEqual(event.event_actor, { name: 'x' });
  });
});

describe('normalizeEvent: times', () => {
  test('are stored as ISO with milliseconds, whatever their spelling', () => {
    const event = normalized({ ...MINIMAL, device_time: 1623182880, log_time: '2021-06-08 20:12:19 UTC', device_end_time: '2021-06-08T22:08:00+02:00' });
    assert.deepEqual([event.device_time, event.log_time, event.device_end_time], ['2021-06-08T20:08:00.000Z', '2021-06-08T20:12:19.000Z', '2021-06-08T20:08:00.000Z']);
  });

  test('device_time falls back to time; log_time to the time of receipt', () => {
    const { device_time: _, ...withoutDeviceTime } = MINIMAL;
    const event = normalized({ ...withoutDeviceTime, time: '2021-06-08 20:08:00 UTC' });
    assert.equal(event.device_time, '2021-06-08T20:08:00.000Z');
    assert.equal(event.log_time, RECEIVED_AT);
  });

  test('a time repeated within and across events converts the same each time; a bad one never passes for the last good one', () => {
    const times = { device_time: '2021-06-08 20:08:00 UTC', time: '2021-06-08 20:08:00 UTC', log_time: '2021-06-08 20:08:00 UTC' };
    for (let round = 0; round < 2; round++) {
      const event = normalized({ ...MINIMAL, ...times });
      assert.deepEqual([event.device_time, event.time, event.log_time], Array(3).fill('2021-06-08T20:08:00.000Z'));
    }
    assertRejected({ ...MINIMAL, ...times, log_time: '2021-06-08 20:08:00 UTC!' }, '$.log_time', /is not a time/);
    assert.equal(normalized({ ...MINIMAL, time: 1623182880 }).time, '2021-06-08T20:08:00.000Z');
    assert.equal(normalized({ ...MINIMAL, time: '1623182880' }).time, '2021-06-08T20:08:00.000Z');
    assert.equal(normalized({ ...MINIMAL, time: '2021-06-08T22:08:00+02:00' }).time, '2021-06-08T20:08:00.000Z');
  });
});

describe('normalizeEvent: rejections name the path and the reason', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['a string', 'not an object', '$', /must be a JSON object, got "not an object"/],
    ['an array', [MINIMAL], '$', /got an array/],
    ['null', null, '$', /got null/],
    ['no type_id', { device_time: MINIMAL.device_time, event_uuid: 'e' }, '$.type_id', /required/],
    ['an unknown type label', { ...MINIMAL, type_id: 'Endpoint Thing' }, '$.type_id', /not a known label/],
    ['a protocol label contradicting its code', { ...MINIMAL, network_protocol: '3: TCP' }, '$.network_protocol', /code 3 is "UDP", not "TCP"/],
    ['an unknown protocol label', { ...MINIMAL, network_protocol: 'Carrier Pigeon' }, '$.network_protocol', /not a known label/],
    ['a fractional code', { ...MINIMAL, traffic_direction: 1.5 }, '$.traffic_direction', /integer code/],
    ['no time at all', { type_id: 4124, event_uuid: 'e' }, '$.device_time', /required/],
    ['a time that is no time', { ...MINIMAL, device_time: 'yesterday' }, '$.device_time', /"yesterday" is not a time/],
    ['a bad log_time', { ...MINIMAL, log_time: true }, '$.log_time', /must be a string or a number/],
    ['a port out of range', { ...MINIMAL, external_port: '70,000' }, '$.external_port', /0 to 65535, got "70,000"/],
    ['misplaced separators', { ...MINIMAL, internal_port: '1,8878' }, '$.internal_port', /got "1,8878"/],
    ['a negative port', { ...MINIMAL, source_port: -1 }, '$.source_port', /got -1/],
    ['a fractional port', { ...MINIMAL, target_port: 443.5 }, '$.target_port', /got 443.5/],
    ['a bad pid', { ...MINIMAL, 'event_actor.pid': 'abc' }, '$.event_actor.pid', /whole number/],
    ['a bad nested pid', { ...MINIMAL, event_actor: { pid: -4 } }, '$.event_actor.pid', /whole number/],
    ['a bad signature_id', { ...MINIMAL, signature_id: '32350a' }, '$.signature_id', /whole number/],
    ['an address typo', { ...MINIMAL, device_ip: '192.0.2.300' }, '$.device_ip', /IPv4 or IPv6 address, got "192.0.2.300"/],
    ['"none" as an address', { ...MINIMAL, external_ip: 'none' }, '$.external_ip', /got "none"/],
    ['a number as an address', { ...MINIMAL, internal_ip: 3221225994 }, '$.internal_ip', /got 3221225994/],
    ['a flag that is no flag', { ...MINIMAL, infected: 'yes' }, '$.infected', /true or false/],
    ['categories that are no list', { ...MINIMAL, categories: [1, 2] }, '$.categories', /list of strings/],
    ['an empty event_uuid', { ...MINIMAL, event_uuid: '' }, '$.event_uuid', /non-empty string/],
    ['an overlong event_uuid', { ...MINIMAL, event_uuid: 'x'.repeat(129) }, '$.event_uuid', /at most 128/],
  ];
  for (const [name, raw, path, reason] of cases) test(name, () => assertRejected(raw, path, reason));

  test('every bad field of an event is reported at once', () => {
    const errors = errorsOf({ device_ip: 'x', external_port: 'y', network_protocol: 'z' });
    assert.deepEqual(errors.map((error) => error.path).sort(), ['$.device_ip', '$.device_time', '$.external_port', '$.network_protocol', '$.type_id']);
  });
});

describe('normalizeEvent: size limits', () => {
  function nestedObject(depth: number): unknown {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level++) value = { next: value };
    return value;
  }

  test('32 levels are accepted, 33 rejected, dotted levels included', () => {
    assert.ok(normalizeEvent({ ...MINIMAL, deep: nestedObject(31) }, RECEIVED_AT).ok);
    assertRejected({ ...MINIMAL, deep: nestedObject(32) }, '$', /deeper than 32 levels/);
    assertRejected({ ...MINIMAL, [Array.from({ length: 33 }, (_, i) => `k${i}`).join('.')]: 1 }, '$', /deeper than 32 levels/);
  });

  test('very deep and very wide input is rejected without crashing', () => {
    const deep = JSON.parse(`{"type_id": 4124, "deep": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    assertRejected(deep, '$', /deeper than 32 levels/);
    const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}`, i]));
    assertRejected({ ...MINIMAL, ...wide }, '$', /more than 10000 fields/);
  });
});

describe('normalizeEvent: identity', () => {
  const { event_uuid: _, ...unidentified } = { ...MINIMAL, mitre: { tactic: 'Command and Control', technique_id: 'T1071' }, uuid: 'same-for-many' };

  test('a given event_uuid is kept', () => {
    assert.equal(normalized(MINIMAL).event_uuid, 'e-1');
  });

  test('without one, a content hash is used, never `uuid`', () => {
    assert.match(String(normalized(unidentified).event_uuid), /^sha256:[0-9a-f]{64}$/);
  });

  test('the hash is stable under key reordering at every level, and the same event resent has the same hash', () => {
    const reordered = JSON.parse('{"uuid": "same-for-many", "mitre": {"technique_id": "T1071", "tactic": "Command and Control"}, "device_time": "2021-06-08T20:08:00Z", "type_id": 4124}');
    assert.equal(normalized(reordered).event_uuid, normalized(unidentified).event_uuid);
    const resentLater = normalizeEvent(structuredClone(unidentified), '2030-01-01T00:00:00.000Z');
    assert.ok(resentLater.ok);
    assert.equal(resentLater.event.event_uuid, normalized(unidentified).event_uuid);
  });

  test('any change of content changes the hash', () => {
    const hash = normalized(unidentified).event_uuid;
    assert.notEqual(normalized({ ...unidentified, mitre: { tactic: 'Command and Control', technique_id: 'T1072' } }).event_uuid, hash);
    assert.notEqual(normalized({ ...unidentified, type_id: '4124' }).event_uuid, hash);
  });
});

describe('normalizeEvent: unknown fields', () => {
  test('are kept exactly as sent', () => {
    const unknown = { domain_name: 'null', user_name: 'none', timezone: 'UTC', blank: '', nothing: null, attacks: [{ technique_uid: 'T1059', tactic_ids: [2] }], enriched_data: { rule_name: 'eProcessClose', category_id: 3 } };
    const event = normalized({ ...MINIMAL, ...unknown });
    for (const [field, value] of Object.entries(unknown)) assert.deepEqual(event[field], value, field);
  });

  test('a "__proto__" key is an ordinary field and does not change the prototype', () => {
    const event = normalized(JSON.parse('{"type_id": 4124, "device_time": 0, "__proto__": {"event_uuid": "injected"}, "x.__proto__.y": 1}'));
    assert.equal(Object.getPrototypeOf(event), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(event, '__proto__')?.value, { event_uuid: 'injected' });
    assert.match(String(event.event_uuid), /^sha256:/);
    assert.deepEqual(Object.getOwnPropertyDescriptor(event.x, '__proto__')?.value, { y: 1 });
  });
});

describe('normalizeEvent: incident links', () => {
  test("a sender's incident id is kept as source_incident; `incident` is left for Vigil's own", () => {
    const event = normalized({ ...MINIMAL, incident: 'upstream-1' });
    assert.equal(event.incident, undefined);
    assert.equal(event.source_incident, 'upstream-1');
    const both = normalized({ ...MINIMAL, incident: 'upstream-2', source_incident: 'original' });
    assert.equal(both.source_incident, 'original');
    assert.equal(both.incident, undefined);
  });

  test("a sender's event_source goes with its incident id, as source_event_source", () => {
    const event = normalized({ ...MINIMAL, incident: 'upstream-1', event_source: 3 });
    assert.equal(event.event_source, undefined);
    assert.equal(event.source_event_source, 3);
  });

  test("a sender's Sigma matches (an event exported from another Vigil) are kept as source_sigma and source_sigma_error", () => {
    const event = normalized({ ...MINIMAL, sigma: [{ id: 'r1' }], sigma_error: 'elsewhere' });
    assert.deepEqual([event.sigma, event.sigma_error], [undefined, undefined]);
    assert.deepEqual(event.source_sigma, [{ id: 'r1' }]);
    assert.equal(event.source_sigma_error, 'elsewhere');
  });
});

describe('normalizeEvent: owned input', () => {
  const sent = () => ({ ...MINIMAL, type_id: '4124', time: '2021-06-08T20:08:00Z', incident: 'upstream-1', 'mitre.tactic': 'Execution', event_actor: { pid: '620' } });

  test('gives the same event as copying, with or without dotted keys, and without event_uuid the same hash', () => {
    const { event_uuid: _, ...unidentified } = sent();
    for (const raw of [sent(), { ...MINIMAL, type_id: '4124', severity: 3 }, unidentified]) {
      const owned = normalizeEvent(structuredClone(raw), RECEIVED_AT, { owned: true });
      assert.ok(owned.ok);
      assert.deepEqual(owned.event, normalized(raw));
    }
  });

  test('an event with its own event_uuid and no dotted key is normalized in place; a sub-object is still copied', () => {
    const raw: Record<string, unknown> = { ...MINIMAL, type_id: '4124', event_actor: { pid: '620' } };
    const senderActor = raw.event_actor;
    const result = normalizeEvent(raw, RECEIVED_AT, { owned: true });
    assert.ok(result.ok);
    assert.equal(result.event, raw);
    assert.equal(raw.type_id, 4124);
    assert.deepEqual(senderActor, { pid: '620' });
  });

  test('without event_uuid the input is left as sent, since its hash is the identity', () => {
    const { event_uuid: _, ...raw } = sent();
    const before = structuredClone(raw);
    const result = normalizeEvent(raw, RECEIVED_AT, { owned: true });
    assert.ok(result.ok);
    assert.notEqual(result.event, raw);
    assert.deepEqual(raw, before);
  });

  test('rejections are the same as when copying', () => {
    const bad = { ...MINIMAL, external_port: 70000, device_ip: 'nope' };
    const owned = normalizeEvent(structuredClone(bad), RECEIVED_AT, { owned: true });
    assert.ok(!owned.ok);
    assert.deepEqual(owned.errors, errorsOf(bad));
  });
});
