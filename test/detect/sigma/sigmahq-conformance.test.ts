// Conformance on SigmaHQ's own data, when it is present: every rule of the rule sets loads (≥ 99.5%),
// and every regression case (rule + recorded events) gets at least its expected number of matches.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadRuleTree, parseEventText, SigmaEngine, type RuleTreeReport } from '../../../src/detect/sigma/index.ts';

const SIGMA = '/work/shared/data/sigma';
const RULE_SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((set) => join(SIGMA, set));
const skip = existsSync(SIGMA) ? false : `${SIGMA} is absent`;

let loaded: RuleTreeReport | undefined;
function ruleSets(): RuleTreeReport {
  loaded ??= loadRuleTree(RULE_SETS);
  return loaded;
}

test('at least 99.5% of the SigmaHQ rules load, and each rejection says why', { skip }, () => {
  const started = performance.now();
  const { files, rules } = ruleSets();
  const seconds = (performance.now() - started) / 1000;
  const rejections = files.flatMap((file) => file.errors);
  const documents = rules.length + rejections.length;
  console.log(`SigmaHQ rules: ${rules.length}/${documents} loaded from ${files.length} files in ${seconds.toFixed(1)} s; ${rejections.length} rejected:`);
  for (const error of rejections) console.log(`  ${error.message.replace(`${SIGMA}/`, "")}`);
  for (const error of rejections) assert.ok(error.reason.length > 0);
  assert.ok(rules.length / documents >= 0.995, `${rules.length}/${documents} loaded`);
});

interface RegressionInfo {
  rule_metadata: { id: string; title: string }[];
  regression_tests_info?: { match_count?: number }[];
}

function infoFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return infoFiles(path);
    return entry.name === 'info.yml' ? [path] : [];
  });
}

test('every SigmaHQ regression case gets at least its expected matches', { skip }, () => {
  const byId = new Map(ruleSets().rules.map((rule) => [rule.id, rule]));
  const failures: string[] = [];
  const cases = infoFiles(join(SIGMA, 'regression_data'));
  for (const info of cases) {
    const meta = parse(readFileSync(info, 'utf8')) as RegressionInfo;
    const expected = meta.regression_tests_info?.[0]?.match_count ?? 1;
    const name = relative(SIGMA, dirname(info));
    const rules = meta.rule_metadata.map(({ id }) => byId.get(id));
    if (rules.some((rule) => rule === undefined)) {
      failures.push(`${name}: rule ${meta.rule_metadata.map(({ id }) => id).join(', ')} did not load`);
      continue;
    }
    const engine = new SigmaEngine(rules.map((rule) => rule!));
    const events = readdirSync(dirname(info))
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => parseEventText(readFileSync(join(dirname(info), file), 'utf8')));
    const matches = events.filter((event) => engine.match(event).length > 0).length;
    console.log(`  ${matches >= expected ? 'pass' : 'FAIL'} ${matches}/${events.length} events matched (expected ≥ ${expected}) ${name}`);
    if (matches < expected) failures.push(`${name}: ${matches} matches, expected ≥ ${expected}`);
  }
  console.log(`SigmaHQ regression cases: ${cases.length - failures.length}/${cases.length} passed`);
  assert.deepEqual(failures, []);
  assert.equal(cases.length, 141);
});
