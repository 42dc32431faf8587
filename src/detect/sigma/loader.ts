// Loads every Sigma file (.yml, .yaml) under some directories and says, file by file, what loaded and
// what was rejected and why. Correlation rules may reference rules of other files in the tree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompileOptions } from './compile-rule.ts';
import type { CorrelationRule } from './correlation/correlation-rule.ts';
import { parseRuleFile, resolveRuleFiles, type RuleFileResult } from './rule-file.ts';
import type { SigmaRule } from './rule.ts';

export interface RuleTreeReport {
  readonly rules: SigmaRule[];
  readonly correlations: CorrelationRule[];
  /** One entry per file, in path order; a file with errors was (at least partly) rejected. */
  readonly files: RuleFileResult[];
}

export function loadRuleTree(roots: readonly string[], options: CompileOptions = {}): RuleTreeReport {
  const files = resolveRuleFiles(roots.flatMap(ruleFilesUnder).map((file) => parseRuleFile(readFileSync(file, 'utf8'), file, options)));
  return { rules: files.flatMap((file) => file.rules), correlations: files.flatMap((file) => file.correlations), files };
}

function ruleFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return ruleFilesUnder(path);
      return entry.isFile() && /\.ya?ml$/i.test(entry.name) ? [path] : [];
    });
}
