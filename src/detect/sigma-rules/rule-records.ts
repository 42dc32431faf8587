// Sigma files as rule records for the store: every file under the given paths validated, each rule
// that compiles kept with its source, each rejection with file, line and field.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RuleOrigin, RuleRecord } from '../../store/index.ts';
import { compileRuleFile, loadRuleTree, SigmaRuleError, type CompileOptions, type RuleFileResult } from '../sigma/index.ts';

export interface RuleFilesReport {
  records: RuleRecord[];
  rejections: SigmaRuleError[];
  /** How many files were read. */
  files: number;
  /** How many of the records are correlation rules. */
  correlations: number;
}

/** The compiled files of rule files and directories (recursively, .yml and .yaml); throws when a path cannot be read. */
export function compileRulePaths(paths: readonly string[], options: CompileOptions = {}): RuleFileResult[] {
  return paths.flatMap((path) => (statSync(path).isDirectory() ? loadRuleTree([path], options).files : [compileRuleFile(readFileSync(path, 'utf8'), path, options)]));
}

/** An id for a rule that has none: stable while the file keeps its place. */
function derivedId(file: string, document: number): string {
  return `vigil-${createHash('sha256').update(`${file}#${document}`).digest('hex').slice(0, 24)}`;
}

export function readRuleFiles(paths: readonly string[], origin: RuleOrigin, options: CompileOptions = {}): RuleFilesReport {
  const files = compileRulePaths(paths.map((path) => resolve(path)), options);
  const rejections = files.flatMap((file) => file.errors);
  const records: RuleRecord[] = [];
  const fileOfId = new Map<string, string>();
  for (const file of files) {
    if (file.rules.length + file.correlations.length === 0) continue;
    const yaml = readFileSync(file.file, 'utf8');
    // A correlation is stored like a detection rule: its file is compiled again when it runs.
    for (const rule of [...file.rules, ...file.correlations]) {
      const id = rule.id ?? derivedId(file.file, rule.document);
      const first = fileOfId.get(id);
      if (first !== undefined) {
        rejections.push(new SigmaRuleError(file.file, undefined, 'id', `"${id}" is already the id of a rule in ${first}`));
        continue;
      }
      fileOfId.set(id, file.file);
      records.push({ id, title: rule.title, level: rule.level, status: rule.status, tags: [...rule.tags], yaml, document: rule.document, origin, path: file.file });
    }
  }
  return { records, rejections, files: files.length, correlations: files.reduce((sum, file) => sum + file.correlations.length, 0) };
}
