// One Sigma file (a rule or a collection) compiled: the detection and correlation rules that compiled
// and the problems of those that did not. Correlation rules reference rules by id or name, first in
// their own file, else in the other files compiled with it (resolveRuleFiles).
import { splitCollection } from './collection.ts';
import { compileRule, type CompileOptions } from './compile-rule.ts';
import type { CorrelationRule } from './correlation/correlation-rule.ts';
import { isCorrelationDocument, parseCorrelation, type CorrelationDefinition } from './correlation/parse-correlation.ts';
import { resolveCorrelations } from './correlation/resolve-correlations.ts';
import { SigmaRuleError } from './errors.ts';
import type { SigmaRule } from './rule.ts';
import { entryOf } from './yaml-tree.ts';

export interface RuleFileResult {
  readonly file: string;
  readonly rules: SigmaRule[];
  readonly correlations: CorrelationRule[];
  readonly errors: SigmaRuleError[];
}

/** A file's documents compiled, its correlations not yet tied to the rules they reference. */
export interface ParsedRuleFile {
  readonly file: string;
  readonly rules: SigmaRule[];
  readonly definitions: CorrelationDefinition[];
  /** The ids and names of the documents that were rejected, so that references to them say so. */
  readonly rejected: string[];
  readonly errors: SigmaRuleError[];
}

export function compileRuleFile(text: string, file: string, options: CompileOptions = {}): RuleFileResult {
  return resolveRuleFiles([parseRuleFile(text, file, options)])[0];
}

export function parseRuleFile(text: string, file: string, options: CompileOptions = {}): ParsedRuleFile {
  const { documents, errors } = splitCollection(text, file);
  const rules: SigmaRule[] = [];
  const definitions: CorrelationDefinition[] = [];
  const rejected: string[] = [];
  for (const document of documents) {
    try {
      if (isCorrelationDocument(document)) definitions.push(parseCorrelation(document));
      else rules.push(compileRule(document, options));
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      errors.push(error);
      for (const key of ['id', 'name']) {
        const value = entryOf(document.root, key)?.value;
        if (value?.kind === 'scalar' && typeof value.value === 'string') rejected.push(value.value);
      }
    }
  }
  if (documents.length === 0 && errors.length === 0) errors.push(new SigmaRuleError(file, undefined, undefined, 'the file holds no rule'));
  return { file, rules, definitions, rejected, errors };
}

/** Resolves the files' correlations together; one result per file, in the order given. */
export function resolveRuleFiles(files: readonly ParsedRuleFile[]): RuleFileResult[] {
  const resolved = resolveCorrelations(files);
  return files.map((file, index) => ({
    file: file.file,
    rules: file.rules,
    correlations: resolved[index].correlations,
    errors: [...file.errors, ...resolved[index].errors],
  }));
}
