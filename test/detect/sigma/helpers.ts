// Small inline rules for the Sigma unit tests.
import assert from 'node:assert/strict';
import { compileRuleFile, fieldViewOf, type CompileOptions, type SigmaRule } from '../../../src/detect/sigma/index.ts';

/** Compiles one rule's YAML, failing the test on any error. */
export function rule(yaml: string, options?: CompileOptions): SigmaRule {
  const { rules, errors } = compileRuleFile(yaml, 'inline.yml', options);
  assert.deepEqual(errors.map((error) => error.message), []);
  assert.equal(rules.length, 1);
  return rules[0];
}

/** A process_creation rule around a detection section (indented by four spaces). */
export function detection(body: string, options?: CompileOptions): SigmaRule {
  return rule(`title: test\nlogsource:\n    category: process_creation\n    product: windows\ndetection:\n${body}\n`, options);
}

/** The rule's detection on a flat event, without log source gating. */
export function detects(sigma: SigmaRule, event: Record<string, unknown>): boolean {
  return sigma.matches(fieldViewOf(event));
}

/** The reason a rule is rejected for. */
export function rejection(yaml: string, options?: CompileOptions): string {
  const { rules, errors } = compileRuleFile(yaml, 'inline.yml', options);
  assert.equal(rules.length, 0, 'the rule should be rejected');
  assert.equal(errors.length, 1);
  return errors[0].message;
}
