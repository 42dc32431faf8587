// The rules a server starts with: Vigil's own set (rules/sigma) and the rule directories of its
// configuration, each written to the store as the whole of its origin, so that a rule removed from a
// directory is gone after the next start. Imported rules are left as they are.
import { join } from 'node:path';
import type { RuleOrigin, RuleSaveResult, Store } from '../../store/index.ts';
import type { SigmaRuleError } from '../sigma/index.ts';
import { storedPlaceholders } from './placeholders.ts';
import { readRuleFiles, type RuleFilesReport } from './rule-records.ts';
import { SigmaRuleSet } from './rule-set.ts';

/** Vigil's built-in Sigma rules, shipped in the repository. */
export const BUILTIN_SIGMA_RULES = join(import.meta.dirname, '../../../rules/sigma');

export interface OriginReport extends RuleFilesReport {
  saved: RuleSaveResult;
}

async function saveOrigin(store: Store, paths: readonly string[], origin: RuleOrigin, at: string): Promise<OriginReport> {
  const report = readRuleFiles(paths, origin, { placeholders: await storedPlaceholders(store) });
  return { ...report, saved: await store.rules.save(report.records, at, { replacing: origin }) };
}

/** Loads the built-in rules and the configured directories into the store; a directory that cannot be read throws. */
export async function saveConfiguredRules(store: Store, directories: readonly string[], at = new Date().toISOString()): Promise<Record<'builtin' | 'config', OriginReport>> {
  return {
    builtin: await saveOrigin(store, [BUILTIN_SIGMA_RULES], 'builtin', at),
    config: await saveOrigin(store, directories, 'config', at),
  };
}

/** `vigil rules import`: validates every file under `paths` and stores the rules that load. */
export async function importRules(store: Store, paths: readonly string[], at = new Date().toISOString()): Promise<OriginReport> {
  const report = readRuleFiles(paths, 'imported', { placeholders: await storedPlaceholders(store) });
  return { ...report, saved: await store.rules.save(report.records, at) };
}

export interface SigmaStart {
  ruleSet: SigmaRuleSet;
  /** Rules of the configured directories that were rejected, with file, line and field. */
  rejections: SigmaRuleError[];
  /** One line for the system activity log: what runs and what does not. */
  summary: string;
}

/** A server's start: the configured rules stored, the enabled ones compiled into the rule set in use. */
export async function startSigmaRules(store: Store, directories: readonly string[]): Promise<SigmaStart> {
  const { builtin, config } = await saveConfiguredRules(store, directories);
  const ruleSet = new SigmaRuleSet(store);
  await ruleSet.refresh();
  const stored = await store.rules.list();
  const count = (test: (rule: (typeof stored)[number]) => boolean) => stored.filter(test).length;
  const summary = `Running ${ruleSet.running.length + ruleSet.runningCorrelations.length} of ${stored.length} stored Sigma rules (${ruleSet.runningCorrelations.length} correlations; ${builtin.records.length} built-in, `
    + `${config.records.length} from ${directories.length} rule directories, ${count((rule) => rule.origin === 'imported')} imported); `
    + `${count((rule) => !rule.enabled)} disabled, ${count((rule) => rule.enabled && rule.load_error !== undefined)} failed to load`
    + `${config.rejections.length > 0 ? `, ${config.rejections.length} rejected in the rule directories` : ''}.`;
  return { ruleSet, rejections: config.rejections, summary };
}
