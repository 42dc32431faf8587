// Correlation rules in collections: parsed, tied to the rules they reference by id or name (within a
// file, across a rule tree), and rejected with file, line and field when wrong.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileRuleFile, CorrelationEngine, loadRuleTree } from '../../../src/detect/sigma/index.ts';

const FAILED_LOGIN = `title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
`;

const SUCCESSFUL_LOGIN = `title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
`;

/** The specification's closing example: a chained temporal_ordered over an event_count. */
const BRUTE_FORCE = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
description: Detects multiple failed logins by a single user followed by a successful login of that user
author: Vigil tests
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
falsepositives:
    - Unlikely
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
${FAILED_LOGIN}---
${SUCCESSFUL_LOGIN}`;

/** The one problem of a collection whose correlation (the last document) is wrong. */
function correlationError(correlation: string): string {
  const { correlations, errors } = compileRuleFile(`${FAILED_LOGIN}---\n${SUCCESSFUL_LOGIN}---\n${correlation}`, 'inline.yml');
  assert.equal(correlations.length, 0, 'the correlation should be rejected');
  assert.equal(errors.length, 1, errors.map((error) => error.message).join('\n'));
  return errors[0].message;
}

/** A correlation document (starting at line 25 of the collection) around a correlation section. */
function correlationDocument(section: string): string {
  return `title: c\ncorrelation:\n${section}`;
}

test('the specification example compiles: detection rules, and correlations tied to them by name', () => {
  const { rules, correlations, errors } = compileRuleFile(BRUTE_FORCE, 'mr_brute_force.yml');
  assert.deepEqual(errors, []);
  assert.deepEqual(rules.map((rule) => rule.name), ['failed_login', 'successful_login']);
  const [outer, inner] = correlations;
  assert.equal(outer.type, 'temporal_ordered');
  assert.equal(outer.timespanMs, 600_000);
  assert.deepEqual(outer.groupBy, ['User']);
  assert.deepEqual(outer.condition, { bounds: { gte: 2 }, fields: [] }, 'temporal defaults to all rules');
  assert.equal(outer.level, 'high');
  assert.deepEqual(outer.falsepositives, ['Unlikely']);
  assert.equal(outer.generate, false);
  assert.equal(outer.document, 1);
  assert.deepEqual(outer.rules, [[inner], [rules[1]]]);
  assert.equal(inner.type, 'event_count');
  assert.deepEqual(inner.condition.bounds, { gte: 10 });
  assert.deepEqual(inner.rules, [[rules[0]]]);

  const engine = new CorrelationEngine([outer]);
  assert.deepEqual(engine.rules, [inner, outer], 'the engine runs the chained correlation too, inner first');
  assert.equal(engine.reportsMatchesOf(rules[0]), false, 'generate defaults to false: referenced rules stay quiet');
  assert.equal(engine.reportsMatchesOf(inner), false);
  assert.equal(engine.reportsMatchesOf(outer), true);
});

test('references by id, a rule repeated with action: repeat counts under one reference, generate: true', () => {
  const { rules, correlations, errors } = compileRuleFile(`${FAILED_LOGIN}---
action: repeat
detection:
    selection:
        EventID: 4771
---
title: Failures
generate: true
correlation:
    type: event_count
    rules:
        - 53ba33fd-3a50-4468-a5ef-c583635cfa92
    timespan: 90m
    condition:
        gt: 3
        lte: 8
`, 'inline.yml');
  assert.deepEqual(errors, []);
  const [correlation] = correlations;
  assert.deepEqual(correlation.rules, [rules], 'both rules with the id answer the one reference');
  assert.deepEqual(correlation.groupBy, [], 'group-by may be left out: one group');
  assert.equal(correlation.timespanMs, 90 * 60_000);
  assert.deepEqual(correlation.condition.bounds, { gt: 3, lte: 8 });
  assert.equal(new CorrelationEngine(correlations).reportsMatchesOf(rules[0]), true);
});

test('a bad correlation is rejected alone, with file, line, column and field', () => {
  // The correlation document starts at line 25 of the collection: `correlation:` is line 26, `type` 27.
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [no_such_rule]\n    timespan: 5m\n    condition: {gte: 3}\n')),
    /^inline\.yml:28:13: correlation\.rules: no_such_rule is the id or name of no rule in this file or the rules loaded with it$/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    condition: {gte: 3}\n')),
    /^inline\.yml:26:1: correlation\.timespan: is required/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5 minutes\n    condition: {gte: 3}\n')),
    /^inline\.yml:29:5: correlation\.timespan: must be a positive number and a unit s, m, h or d/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 0s\n    condition: {gte: 3}\n')), /correlation\.timespan: must be a positive/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5m\n    condition: {gte: many}\n')),
    /^inline\.yml:30:17: correlation\.condition\.gte: must be a whole number, 0 or more$/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5m\n    condition: {above: 3}\n')),
    /correlation\.condition\.above: is not a condition \(gt, gte, lt, lte, eq\)$/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5m\n    condition: {gt: 5, lt: 3}\n')),
    /correlation\.condition: can never hold: its bounds leave no number$/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5m\n')), /^inline\.yml:26:1: correlation\.condition: is required$/);
  assert.match(correlationError(correlationDocument('    type: event_count\n    rules: [failed_login]\n    timespan: 5m\n    condition: {field: User, gte: 3}\n')),
    /correlation\.condition\.field: only a value_count correlation counts the values of a field$/);
  assert.match(correlationError(correlationDocument('    type: value_count\n    rules: [failed_login]\n    timespan: 5m\n    condition: {gte: 3}\n')),
    /correlation\.condition\.field: is required/);
  assert.match(correlationError(correlationDocument('    type: temporal\n    rules: [failed_login, successful_login]\n    timespan: 5m\n    condition: {gte: 3}\n')),
    /correlation\.condition: can never hold: the correlation relates 2 rules$/);
  assert.match(correlationError(correlationDocument('    type: sequence\n    rules: [failed_login]\n    timespan: 5m\n')),
    /^inline\.yml:27:5: correlation\.type: must be one of event_count, value_count, temporal, temporal_ordered$/);
  assert.match(correlationError(correlationDocument('    rules: [failed_login]\n    timespan: 5m\n')), /correlation\.type: is required/);
  assert.match(correlationError(correlationDocument('    type: temporal\n    timespan: 5m\n')), /correlation\.rules: is required/);
  assert.match(correlationError(correlationDocument('    type: temporal\n    rules: [failed_login, successful_login]\n    groupby: [User]\n    timespan: 5m\n')),
    /^inline\.yml:29:5: correlation\.groupby: is not a correlation field \(type, rules, aliases, group-by, timespan, condition, generate\)$/);
  assert.match(correlationError(correlationDocument('    type: temporal\n    rules: [failed_login, 53ba33fd-3a50-4468-a5ef-c583635cfa92]\n    timespan: 5m\n')),
    /correlation\.rules: 53ba33fd-3a50-4468-a5ef-c583635cfa92 names a rule the correlation already lists$/);
  assert.match(correlationError(correlationDocument('    type: temporal\n    rules: [failed_login, successful_login]\n    group-by: [ip]\n    timespan: 5m\n    aliases:\n        ip:\n            failed_logon: IpAddress\n')),
    /^inline\.yml:33:13: correlation\.aliases\.ip\.failed_logon: is the name of no rule in correlation\.rules$/);
  assert.match(correlationError(`${correlationDocument('    type: temporal\n    rules: [failed_login]\n    timespan: 5m\n')}detection: {s: {A: b}, condition: s}\n`),
    /detection: a correlation rule relates other rules' matches and has no detection of its own$/);
  assert.match(correlationError('correlation:\n    type: temporal\n    rules: [failed_login]\n    timespan: 5m\n'), /title: is required/);
});

test('chained correlations: a cycle and a rejected inner correlation are errors at the reference', () => {
  const cycle = compileRuleFile(`title: a
name: a
correlation: {type: temporal, rules: [b], timespan: 5m}
---
title: b
name: b
correlation: {type: temporal, rules: [a], timespan: 5m}
`, 'cycle.yml');
  assert.deepEqual(cycle.correlations, []);
  assert.match(cycle.errors.map((error) => error.message).join('\n'), /^cycle\.yml:7:\d+: correlation\.rules: a leads back to this correlation: correlations cannot form a cycle$/m);

  const rejected = compileRuleFile(`${FAILED_LOGIN}---
title: outer
correlation: {type: temporal, rules: [inner, failed_login], timespan: 5m}
---
title: inner
name: inner
correlation: {type: event_count, rules: [failed_login], timespan: 5m}
`, 'chain.yml');
  assert.equal(rejected.rules.length, 1, 'the detection rule stays');
  assert.deepEqual(rejected.errors.map((error) => error.message.replace(/^chain\.yml:\d+:\d+: /, '')), [
    'correlation.condition: is required',
    'correlation.rules: inner is a rule that was rejected',
  ]);
});

test('a rule tree resolves references across files; a name in the same file wins', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-correlation-'));
  try {
    mkdirSync(join(root, 'windows'));
    writeFileSync(join(root, 'windows', 'failed_login.yml'), FAILED_LOGIN);
    writeFileSync(join(root, 'windows', 'successful_login.yml'), SUCCESSFUL_LOGIN);
    writeFileSync(join(root, 'mr_spray.yml'), `title: Password spray
correlation:
    type: value_count
    rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92]
    group-by: [IpAddress]
    timespan: 1h
    condition: {field: TargetUserName, gte: 20}
---
title: Local successful login
name: successful_login
logsource: {product: windows, service: security}
detection: {selection: {EventID: 4624, LogonType: 2}, condition: selection}
---
title: Local then remote
correlation: {type: temporal, rules: [successful_login, failed_login], group-by: [TargetUserName], timespan: 1h}
`);
    const tree = loadRuleTree([root]);
    assert.deepEqual(tree.files.flatMap((file) => file.errors), []);
    assert.equal(tree.rules.length, 3);
    const [spray, sequence] = tree.correlations;
    const byFile = (path: string) => tree.rules.filter((rule) => rule.file.endsWith(path));
    assert.deepEqual(spray.rules, [byFile('failed_login.yml')]);
    assert.deepEqual(spray.condition, { bounds: { gte: 20 }, fields: ['TargetUserName'] });
    assert.deepEqual(sequence.rules, [byFile('mr_spray.yml'), byFile('failed_login.yml')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
