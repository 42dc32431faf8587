// One Sigma file (a rule or a collection) compiled: the rules that compiled and the problems of those
// that did not.
import { splitCollection } from './collection.ts';
import { compileRule, type CompileOptions } from './compile-rule.ts';
import { SigmaRuleError } from './errors.ts';
import type { SigmaRule } from './rule.ts';

export interface RuleFileResult {
  readonly file: string;
  readonly rules: SigmaRule[];
  readonly errors: SigmaRuleError[];
}

export function compileRuleFile(text: string, file: string, options: CompileOptions = {}): RuleFileResult {
  const { documents, errors } = splitCollection(text, file);
  const rules: SigmaRule[] = [];
  for (const document of documents) {
    try {
      rules.push(compileRule(document, options));
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      errors.push(error);
    }
  }
  if (documents.length === 0 && errors.length === 0) errors.push(new SigmaRuleError(file, undefined, undefined, 'the file holds no rule'));
  return { file, rules, errors };
}
