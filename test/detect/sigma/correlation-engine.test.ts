// The correlation engine over detection matches: each correlation type as the specification's
// examples use it, windows of event time (edges, out-of-order and late matches), upper-bound
// conditions judged when their window ends, chaining, aliases, and the memory bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compileRuleFile, CorrelationEngine, eventTimeOf, type CorrelationHit, type CorrelationOptions, type SigmaRule,
} from '../../../src/detect/sigma/index.ts';

const T0 = Date.parse('2024-03-01T10:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;

/** Compiles a collection (no errors allowed) and runs its correlations; rules are found by name. */
function setUp(yaml: string, options?: CorrelationOptions) {
  const { rules, correlations, errors } = compileRuleFile(yaml, 'inline.yml');
  assert.deepEqual(errors.map((error) => error.message), []);
  const engine = new CorrelationEngine(correlations, options);
  const named = (name: string): SigmaRule => rules.find((rule) => rule.name === name) ?? assert.fail(`no rule ${name}`);
  return { engine, named };
}

/** A detection rule named `name` on EventID `eventId`, as a collection document ending in `---`. */
function detection(name: string, eventId: number): string {
  return `title: ${name}\nname: ${name}\nlogsource: {product: windows, service: security}\ndetection: {s: {EventID: ${eventId}}, condition: s}\n---\n`;
}

const summary = (hit: CorrelationHit) => ({ title: hit.rule.title, group: hit.groupKey, value: hit.value, first: hit.firstTime, last: hit.lastTime });

test('event_count: many failed logons from one source within 5 minutes fire once per five, per source', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: Logon brute force
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 5m, condition: {gte: 5}}
`);
  const failed = named('failed_logon');
  const logon = (ip: string, seconds: number) => engine.observe(failed, { EventID: 4625, IpAddress: ip, TargetUserName: 'admin' }, at(seconds));
  for (let second = 0; second < 40; second += 10) {
    assert.deepEqual(logon('10.0.0.1', second), []);
    assert.deepEqual(logon('10.0.0.2', second + 1), []);
  }
  const [hit, ...more] = logon('10.0.0.1', 40);
  assert.deepEqual(more, []);
  assert.deepEqual(summary(hit), { title: 'Logon brute force', group: { IpAddress: '10.0.0.1' }, value: 5, first: at(0), last: at(40) });
  assert.equal(hit.events.length, 5);
  assert.equal(hit.eventCount, 5);
  assert.ok(hit.events.every((event) => event.IpAddress === '10.0.0.1'));
  assert.equal(hit.reported, true);
  assert.equal(engine.reportsMatchesOf(failed), false);

  // The five are consumed: the sixth starts a new count.
  for (let second = 50; second < 90; second += 10) assert.deepEqual(logon('10.0.0.1', second), []);
  assert.deepEqual(logon('10.0.0.1', 90).map(summary), [{ title: 'Logon brute force', group: { IpAddress: '10.0.0.1' }, value: 5, first: at(50), last: at(90) }]);
  assert.equal(logon('10.0.0.2', 41).length, 1, 'the other source reaches five too');
});

test('windows include their edge: matches exactly a timespan apart are together, a millisecond more is not', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: two failures
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 5m, condition: {gte: 2}}
`);
  const failed = named('failed_logon');
  assert.deepEqual(engine.observe(failed, { IpAddress: 'a' }, at(0)), []);
  assert.equal(engine.observe(failed, { IpAddress: 'a' }, at(300)).length, 1);
  assert.deepEqual(engine.observe(failed, { IpAddress: 'b' }, at(0)), []);
  assert.deepEqual(engine.observe(failed, { IpAddress: 'b' }, at(300) + 1), []);
});

test('out-of-order and late matches count by event time, not arrival', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: three in a minute
correlation: {type: event_count, rules: [failed_logon], timespan: 1m, condition: {gte: 3}}
`);
  const failed = named('failed_logon');
  const observe = (seconds: number) => engine.observe(failed, { second: seconds }, at(seconds));
  // Arrival 0, 100, 30, 61: no minute holds three of them.
  for (const second of [0, 100, 30, 61]) assert.deepEqual(observe(second), []);
  // 20 arrives last but belongs with 0 and 30.
  const [hit] = observe(20);
  assert.deepEqual(summary(hit), { title: 'three in a minute', group: {}, value: 3, first: at(0), last: at(30) });
  assert.deepEqual(hit.events.map((event) => event.second), [0, 20, 30], 'events in time order');
  // 61 and 100 are left; 110 completes their minute.
  assert.deepEqual(observe(110).map((found) => found.events.map((event) => event.second)), [[61, 100, 110]]);
});

test('value_count: distinct user names per source, repeated names count once', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: Password spray
correlation:
    type: value_count
    rules: [failed_logon]
    group-by: [IpAddress]
    timespan: 10m
    condition:
        field: TargetUserName
        gte: 3
`);
  const failed = named('failed_logon');
  const observe = (user: string | undefined, seconds: number) => engine.observe(failed, { IpAddress: '10.1.1.1', TargetUserName: user }, at(seconds));
  for (const [index, user] of ['alice', 'alice', 'bob', 'bob', undefined].entries()) assert.deepEqual(observe(user, index), []);
  assert.equal(engine.stats.ungrouped, 1, 'a match without the counted field is not counted');
  const [hit] = observe('carol', 10);
  assert.equal(hit.value, 3);
  assert.deepEqual(hit.events.map((event) => event.TargetUserName), ['alice', 'bob', 'bob', 'carol'], 'from the latest start that still holds');
  assert.deepEqual(hit.groupKey, { IpAddress: '10.1.1.1' });
});

test('temporal: three recon commands in any order within 5 minutes, by one user on one computer', () => {
  const recon = ['whoami', 'net', 'nltest'];
  const { engine, named } = setUp(`${recon.map((name, index) => detection(name, 4688 + index)).join('')}title: Recon burst
correlation:
    type: temporal
    rules: [whoami, net, nltest]
    group-by: [Computer, User]
    timespan: 5m
`);
  const run = (command: string, computer: string, seconds: number) => engine.observe(named(command), { Computer: computer, User: 'bob', command }, at(seconds));
  assert.deepEqual(run('nltest', 'ws1', 0), []);
  assert.deepEqual(run('whoami', 'ws1', 10), []);
  assert.deepEqual(run('whoami', 'ws2', 10), []);
  const [hit] = run('net', 'ws1', 20);
  assert.deepEqual(summary(hit), { title: 'Recon burst', group: { Computer: 'ws1', User: 'bob' }, value: 3, first: at(0), last: at(20) });
  assert.deepEqual(hit.events.map((event) => event.command), ['nltest', 'whoami', 'net']);
  // On ws2 the third command comes too late for the first.
  assert.deepEqual(run('net', 'ws2', 100), []);
  assert.deepEqual(run('nltest', 'ws2', 311), []);
  assert.equal(run('whoami', 'ws2', 320).length, 1, 'a later whoami completes net and nltest');
});

test('temporal_ordered: the order is event time, whatever order the matches arrive in', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}${detection('successful_logon', 4624)}title: Failure then success
correlation:
    type: temporal_ordered
    rules: [failed_logon, successful_logon]
    group-by: [TargetUserName]
    timespan: 10m
`);
  const failed = (user: string, seconds: number) => engine.observe(named('failed_logon'), { TargetUserName: user, step: 'failed' }, at(seconds));
  const succeeded = (user: string, seconds: number) => engine.observe(named('successful_logon'), { TargetUserName: user, step: 'succeeded' }, at(seconds));
  // alice's success (t=20) arrives before her failure (t=10).
  assert.deepEqual(succeeded('alice', 20), []);
  const [hit] = failed('alice', 10);
  assert.deepEqual(hit.events.map((event) => event.step), ['failed', 'succeeded']);
  assert.equal(hit.value, 2);
  // bob succeeded (t=20) before he failed (t=30): no hit until a later success.
  assert.deepEqual(succeeded('bob', 20), []);
  assert.deepEqual(failed('bob', 30), []);
  assert.equal(succeeded('bob', 40).length, 1);
  // Same time, arrival order decides.
  assert.deepEqual(failed('carol', 50), []);
  assert.equal(succeeded('carol', 50).length, 1);
});

test('upper bounds are judged when the window ends: on a later match or a flush; late matches for a judged window are ignored', () => {
  const { engine, named } = setUp(`${detection('service_installed', 7045)}title: Rare service install
correlation: {type: event_count, rules: [service_installed], group-by: [Computer], timespan: 10m, condition: {lt: 3}}
`);
  const installed = named('service_installed');
  const install = (computer: string, seconds: number) => engine.observe(installed, { Computer: computer }, at(seconds));
  assert.deepEqual(install('ws1', 0), []);
  assert.deepEqual(install('ws1', 60), []);
  for (const second of [0, 60, 120]) assert.deepEqual(install('ws2', second), []);
  assert.deepEqual(install('ws3', 600), [], 'ws1\'s window ends at 600 inclusive: not judged yet');
  const hits = install('ws3', 601);
  assert.deepEqual(hits.map(summary), [{ title: 'Rare service install', group: { Computer: 'ws1' }, value: 2, first: at(0), last: at(60) }]);
  assert.deepEqual(install('ws1', 300), [], 'ws1\'s window was judged: this match is late');
  assert.equal(engine.stats.late, 1);
  assert.deepEqual(engine.flush(at(1200)), [], 'ws3\'s window [600, 1200] is still open');
  assert.deepEqual(engine.flush(at(1201)).map((hit) => hit.groupKey), [{ Computer: 'ws3' }], 'ws2 had three; ws3 had two');
  assert.deepEqual(engine.flush(), []);
  assert.equal(engine.groupCount, 0, 'everything judged is forgotten');
});

test('allowed lateness holds windows open for matches that arrive late', () => {
  const { engine, named } = setUp(`${detection('service_installed', 7045)}title: exactly two
correlation: {type: event_count, rules: [service_installed], group-by: [Computer], timespan: 10m, condition: {eq: 2}}
`, { allowedLatenessMs: 120_000 });
  const installed = named('service_installed');
  assert.deepEqual(engine.observe(installed, { Computer: 'ws1' }, at(0)), []);
  assert.deepEqual(engine.observe(installed, { Computer: 'ws9' }, at(700)), [], 'the window [0, 600] waits until the horizon passes 600');
  assert.deepEqual(engine.observe(installed, { Computer: 'ws1' }, at(500)), [], 'a late match still counts');
  assert.deepEqual(engine.observe(installed, { Computer: 'ws9' }, at(721)).map((hit) => [hit.groupKey, hit.value]), [[{ Computer: 'ws1' }, 2]]);
});

test('chained correlations: many failed logons followed by a success (the specification example)', () => {
  const { engine, named } = setUp(`title: Multiple failed logons followed by a successful one
correlation:
    type: temporal_ordered
    rules: [multiple_failed_login, successful_login]
    group-by: [User]
    timespan: 10m
level: high
---
title: Multiple failed logons
name: multiple_failed_login
correlation:
    type: event_count
    rules: [failed_login]
    group-by: [User]
    timespan: 10m
    condition: {gte: 10}
---
${detection('failed_login', 4625)}${detection('successful_login', 4624)}`);
  const fail = (user: string, seconds: number) => engine.observe(named('failed_login'), { EventID: 4625, User: user }, at(seconds));
  const succeed = (user: string, seconds: number) => engine.observe(named('successful_login'), { EventID: 4624, User: user }, at(seconds));
  assert.deepEqual(succeed('eve', 0), [], 'a success before the failures does not count, nor is it behind the hit');
  for (let second = 1; second < 10; second++) assert.deepEqual(fail('eve', second), []);
  const inner = fail('eve', 10);
  assert.deepEqual(inner.map((hit) => [hit.rule.title, hit.reported, hit.value]), [['Multiple failed logons', false, 10]]);
  const [outer, ...rest] = succeed('eve', 30);
  assert.deepEqual(rest, []);
  assert.deepEqual(summary(outer), { title: 'Multiple failed logons followed by a successful one', group: { User: 'eve' }, value: 2, first: at(1), last: at(30) });
  assert.equal(outer.reported, true);
  assert.equal(outer.eventCount, 11, 'the ten failures behind the inner hit and the success');
  assert.deepEqual(outer.events.map((event) => event.EventID), [...Array(10).fill(4625), 4624]);
  assert.equal(engine.reportsMatchesOf(named('failed_login')), false);
  assert.equal(engine.reportsMatchesOf(named('successful_login')), false);
});

test('aliases: one group from different fields of different rules', () => {
  const { engine, named } = setUp(`title: internal error
name: internal_error
logsource: {category: webserver}
detection: {selection: {http.response.status_code: 500}, condition: selection}
---
title: new connection
name: new_network_connection
logsource: {category: network_connection}
detection: {selection: {event.outcome: success}, condition: selection}
---
title: Error then outbound connection
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [internal_ip, remote_ip]
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`);
  const error = { http: { response: { status_code: 500 } }, source: { ip: '203.0.113.9' }, destination: { ip: '10.0.0.5' } };
  const connection = (to: string) => ({ event: { outcome: 'success' }, source: { ip: '10.0.0.5' }, destination: { ip: to } });
  assert.deepEqual(engine.observe(named('internal_error'), error, at(0)), []);
  assert.deepEqual(engine.observe(named('new_network_connection'), connection('198.51.100.1'), at(2)), [], 'another remote address');
  const [hit] = engine.observe(named('new_network_connection'), connection('203.0.113.9'), at(5));
  assert.deepEqual(hit.groupKey, { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' });
  const { aliases } = hit.rule;
  assert.equal(aliases.get('internal_ip')!.get(named('internal_error')), 'destination.ip');
  assert.equal(aliases.get('remote_ip')!.get(named('new_network_connection')), 'destination.ip');
});

test('memory bounds: the least recently updated group goes first, then the oldest match of a group', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: three
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1h, condition: {gte: 3}}
`, { maxGroupsPerRule: 2 });
  const failed = named('failed_logon');
  const observe = (ip: string, seconds: number) => engine.observe(failed, { IpAddress: ip }, at(seconds)).map((hit) => hit.groupKey.IpAddress);
  for (const [ip, second] of [['a', 0], ['b', 1], ['a', 2], ['c', 3]] as const) assert.deepEqual(observe(ip, second), []);
  assert.equal(engine.stats.evictedGroups, 1, 'c pushed out b, the least recently updated');
  assert.deepEqual(observe('b', 4), [], 'b starts over, pushing out a');
  assert.equal(engine.stats.evictedGroups, 2);
  assert.deepEqual(observe('c', 5), []);
  assert.deepEqual(observe('c', 6), ['c']);
  assert.deepEqual(observe('b', 7), [], 'b has two: its first was lost with it');
  assert.equal(engine.groupCount, 1);

  const temporal = setUp(`${detection('a', 1)}${detection('b', 2)}title: a and b
correlation: {type: temporal, rules: [a, b], timespan: 1h}
`, { maxEventsPerGroup: 3 });
  for (let second = 0; second < 4; second++) assert.deepEqual(temporal.engine.observe(temporal.named('b'), { n: second }, at(second)), []);
  assert.equal(temporal.engine.stats.evictedEvents, 1, 'the first b went');
  const [hit] = temporal.engine.observe(temporal.named('a'), { n: 'a' }, at(10));
  assert.deepEqual(hit.events.map((event) => event.n), [3, 'a'], 'the hit is the matches that make it');
  assert.equal(temporal.engine.stats.evictedEvents, 2, 'the group was full when a came');
  assert.deepEqual(temporal.engine.observe(temporal.named('a'), { n: 'a2' }, at(11)).map((found) => found.events.map((event) => event.n)), [[2, 'a2']]);
});

test('a hit carries at most maxEventsPerHit events, keeping the latest of each referenced rule', () => {
  const { engine, named } = setUp(`title: success, then many failures
correlation: {type: temporal_ordered, rules: [successful_logon, many_failures], group-by: [User], timespan: 1h}
---
title: many failures
name: many_failures
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 1h, condition: {gte: 5}}
---
${detection('failed_logon', 4625)}${detection('successful_logon', 4624)}`, { maxEventsPerHit: 3 });
  engine.observe(named('successful_logon'), { User: 'u', n: 'success' }, at(0));
  const hits = [1, 2, 3, 4, 5].flatMap((second) => engine.observe(named('failed_logon'), { User: 'u', n: second }, at(second)));
  assert.deepEqual(hits.map((hit) => [hit.rule.title, hit.eventCount, hit.events.map((event) => event.n)]), [
    ['many failures', 5, [3, 4, 5]],
    ['success, then many failures', 6, ['success', 4, 5]],
  ]);
});

test('a condition needing more matches than the cap raises the cap for its rule', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: five
correlation: {type: event_count, rules: [failed_logon], timespan: 1h, condition: {gte: 5}}
`, { maxEventsPerGroup: 2, maxEventsPerHit: 3 });
  const hits = [0, 1, 2, 3, 4].flatMap((second) => engine.observe(named('failed_logon'), { n: second }, at(second)));
  assert.deepEqual(hits.map((hit) => [hit.value, hit.eventCount, hit.events.map((event) => event.n)]), [[5, 5, [2, 3, 4]]]);
  assert.equal(engine.stats.evictedEvents, 0);
});

test('matches expire: a group is forgotten once its matches are too old to pair with new ones', () => {
  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: three
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1m, condition: {gte: 3}}
`);
  const failed = named('failed_logon');
  engine.observe(failed, { IpAddress: 'a' }, at(0));
  engine.observe(failed, { IpAddress: 'a' }, at(10));
  assert.equal(engine.groupCount, 1);
  engine.observe(failed, { IpAddress: 'b' }, at(120));
  assert.equal(engine.groupCount, 2, 'a late match for a (up to a minute behind b) could still pair with its matches');
  engine.observe(failed, { IpAddress: 'b' }, at(131));
  assert.equal(engine.groupCount, 1, 'a is forgotten');
  assert.deepEqual(engine.flush(), []);
  assert.equal(engine.groupCount, 0);
});

test('matches without a group-by field belong to no group; without group-by all matches are one group', () => {
  const grouped = setUp(`${detection('failed_logon', 4625)}title: g
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1m, condition: {gte: 2}}
`);
  grouped.engine.observe(grouped.named('failed_logon'), { User: 'x' }, at(0));
  assert.deepEqual(grouped.engine.observe(grouped.named('failed_logon'), { User: 'x' }, at(1)), []);
  assert.equal(grouped.engine.stats.ungrouped, 2);
});

test('match times come from the event: device_time, @timestamp, Sysmon UtcTime (UTC), evtx TimeCreated', () => {
  assert.equal(eventTimeOf({ device_time: '2024-03-01T10:00:00.000Z' }), T0);
  assert.equal(eventTimeOf({ '@timestamp': '2024-03-01T11:00:00+01:00' }), T0);
  assert.equal(eventTimeOf({ UtcTime: '2024-03-01 10:00:00.000' }), T0);
  assert.equal(eventTimeOf({ Event: { System: { TimeCreated: { '#attributes': { SystemTime: '2024-03-01T10:00:00.0000000Z' } } } } }), T0);
  assert.equal(eventTimeOf({ TimeCreated: { SystemTime: '2024-03-01T10:00:00Z' } }), T0);
  assert.equal(eventTimeOf({ timestamp: T0 }), T0);
  assert.equal(eventTimeOf({ device_time: 'yesterday' }), undefined);
  assert.equal(eventTimeOf({ EventID: 1 }), undefined);

  const { engine, named } = setUp(`${detection('failed_logon', 4625)}title: two
correlation: {type: event_count, rules: [failed_logon], timespan: 1m, condition: {gte: 2}}
`);
  const failed = named('failed_logon');
  assert.deepEqual(engine.observe(failed, { EventID: 4625 }), []);
  assert.equal(engine.stats.untimed, 1);
  engine.observe(failed, { UtcTime: '2024-03-01 10:00:30.000' });
  const [hit] = engine.observe(failed, { device_time: '2024-03-01T10:00:00Z' });
  assert.deepEqual([hit.firstTime, hit.lastTime], [T0, at(30)]);
});

test('shuffled arrival (less than a timespan out of order): every hit is within a timespan, no match is used twice, and nothing that holds is missed', () => {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const span = 60_000;
  for (const [type, condition, slots] of [['event_count', '{gte: 4}', 1], ['temporal_ordered', '{gte: 3}', 3]] as const) {
    const names = ['r0', 'r1', 'r2'].slice(0, slots);
    const { engine, named } = setUp(`${names.map((name, index) => detection(name, index)).join('')}title: property
correlation: {type: ${type}, rules: [${names.join(', ')}], group-by: [host], timespan: 1m, condition: ${condition}}
`);
    const matches = Array.from({ length: 400 }, (_, id) => ({ id, host: `h${Math.floor(random() * 3)}`, slot: Math.floor(random() * slots), time: T0 + Math.floor(random() * 40 * span) }));
    const arrivalTime = new Map(matches.map((match) => [match, match.time + random() * span * 0.9]));
    const arrival = [...matches].sort((a, b) => arrivalTime.get(a)! - arrivalTime.get(b)!);
    const hits = arrival.flatMap((match) => engine.observe(named(names[match.slot]), match, match.time));
    assert.ok(hits.length > 10, `${type}: ${hits.length} hits`);
    const used = new Set<unknown>();
    for (const hit of hits) {
      assert.ok(hit.lastTime - hit.firstTime <= span, `${type}: a hit spans at most a timespan`);
      for (const event of hit.events) {
        assert.ok(!used.has(event), `${type}: match ${String(event.id)} is behind two hits`);
        used.add(event);
      }
    }
    // What is left unused: no window of a timespan in one host still holds.
    const orderedRun = (slotsInOrder: number[]) => slotsInOrder.reduce((next, slot) => (slot === next ? next + 1 : next), 0);
    for (const host of ['h0', 'h1', 'h2']) {
      const left = matches.filter((match) => match.host === host && !used.has(match)).sort((a, b) => a.time - b.time);
      for (const [index, first] of left.entries()) {
        const window = left.slice(index).filter((match) => match.time <= first.time + span);
        const value = type === 'event_count' ? window.length : orderedRun(window.map((match) => match.slot));
        assert.ok(value < (type === 'event_count' ? 4 : 3), `${type}: ${host} still holds from ${first.time - T0}`);
      }
    }
  }
});
