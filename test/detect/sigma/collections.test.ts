// Rule files: collections (action global / reset / repeat) and validation errors naming file, line and field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRuleFile } from '../../../src/detect/sigma/index.ts';
import { detects, rejection } from './helpers.ts';

test('action: global is merged into each following rule, reset forgets it, repeat re-issues the previous rule', () => {
  const text = `action: global
title: shared title
logsource:
    product: windows
detection:
    condition: selection
---
logsource:
    category: process_creation
detection:
    selection:
        Image: 'a.exe'
---
action: repeat
detection:
    selection:
        Image: 'b.exe'
---
action: reset
---
title: alone
logsource:
    product: linux
detection:
    keywords:
        - 'x'
    condition: keywords
`;
  const { rules, errors } = compileRuleFile(text, 'collection.yml');
  assert.deepEqual(errors, []);
  assert.equal(rules.length, 3);
  const [first, repeated, alone] = rules;
  assert.equal(first.title, 'shared title');
  assert.deepEqual(first.logsource, { product: 'windows', category: 'process_creation', service: undefined });
  assert.ok(detects(first, { Image: 'a.exe' }));
  assert.equal(repeated.title, 'shared title');
  assert.deepEqual(repeated.logsource, first.logsource);
  assert.ok(detects(repeated, { Image: 'b.exe' }) && !detects(repeated, { Image: 'a.exe' }));
  assert.equal(alone.title, 'alone');
  assert.deepEqual(alone.logsource, { product: 'linux', category: undefined, service: undefined });
  assert.deepEqual([first.document, repeated.document, alone.document], [2, 3, 5]);
});

test('an empty document, such as after a trailing ---, holds no rule and is no error', () => {
  const { rules, errors } = compileRuleFile('title: a\nlogsource: {product: windows}\ndetection: {s: {A: x}, condition: s}\n---\n', 'trailing.yml');
  assert.deepEqual(errors, []);
  assert.equal(rules.length, 1);
});

test('a collection holds detection and correlation rules; global parts merge into both', () => {
  const { rules, correlations, errors } = compileRuleFile(`action: global
author: SOC
---
title: whoami
name: whoami
logsource: {category: process_creation, product: windows}
detection: {s: {Image|endswith: '\\whoami.exe'}, condition: s}
---
title: many whoami
correlation: {type: event_count, rules: [whoami], group-by: [Computer], timespan: 1h, condition: {gte: 3}}
`, 'mixed.yml');
  assert.deepEqual(errors, []);
  assert.equal(rules.length, 1);
  assert.equal(correlations.length, 1);
  assert.deepEqual(correlations[0].rules, [rules]);
  assert.equal(correlations[0].author, 'SOC');
  assert.equal(correlations[0].document, 3);
});

test('one bad document in a collection does not take the others with it', () => {
  const { rules, errors } = compileRuleFile('title: a\nlogsource: {product: windows}\ndetection: {s: {A: x}, condition: s}\n---\ntitle: b\nlogsource: {product: windows}\n', 'two.yml');
  assert.equal(rules.length, 1);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /^two\.yml:\d+:\d+: detection: is required$/);
});

test('metadata is read and checked', () => {
  const { rules } = compileRuleFile(
    `title: Whoami
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
status: test
level: high
tags:
    - attack.discovery
    - attack.t1033
references:
    - https://example.org
logsource:
    category: Process_Creation
    product: Windows
detection:
    s:
        Image|endswith: '\\whoami.exe'
    condition: s
`,
    'meta.yml',
  );
  const [rule] = rules;
  assert.equal(rule.id, '929a690e-bef0-4204-a928-ef5e620d6fcc');
  assert.equal(rule.level, 'high');
  assert.deepEqual(rule.tags, ['attack.discovery', 'attack.t1033']);
  assert.deepEqual(rule.logsource, { product: 'windows', category: 'process_creation', service: undefined });
});

test('errors name the file, line, column and field', () => {
  assert.match(rejection('title: t\nlogsource: {product: windows}\nlevel: severe\ndetection: {s: {A: x}, condition: s}\n'), /^inline\.yml:3:1: level: must be one of informational, low, medium, high, critical$/);
  assert.match(rejection('logsource: {product: windows}\ndetection: {s: {A: x}, condition: s}\n'), /title: is required/);
  assert.match(rejection('title: t\ndetection: {s: {A: x}, condition: s}\n'), /logsource: is required/);
  assert.match(rejection('title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        A: x\n'), /detection\.condition: is required/);
  assert.match(rejection('title: t\nlogsource: {product: windows}\ndetection:\n    s:\n        A:\n            B: x\n    condition: s\n'), /^inline\.yml:6:13: detection\.s\.A: a field takes a value or a list of values$/);
  assert.match(rejection('title: t\nlogsource: {product: windows}\ndetection:\n    s: []\n    condition: s\n'), /detection\.s: an empty list matches nothing/);
  assert.match(rejection('title: [unclosed\n'), /^inline\.yml:\d+:\d+: YAML: /);
  assert.match(rejection('title: t\ntitle: u\n'), /YAML: Map keys must be unique/);
  assert.match(rejection('title: t\ncorrelation:\n    type: event_count\n'), /^inline\.yml:2:1: correlation\.rules: is required: the ids or names of the rules to correlate$/);
  assert.match(rejection('- a\n- b\n'), /a Sigma document must be a map/);
  assert.match(rejection(''), /the file holds no rule/);
});
