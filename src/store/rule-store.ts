// Sigma rules kept as data (docs/RULES.md): each rule's YAML source, where it came from, whether it
// runs, and why it could not be loaded when it could not.

/** Where a rule came from: Vigil's own set, a directory of the server's configuration, or `vigil rules import`. */
export type RuleOrigin = 'builtin' | 'config' | 'imported';

/** A rule as it is saved. */
export interface RuleRecord {
  /** The rule's `id`, or one Vigil derived from its file for a rule without one. */
  id: string;
  title: string;
  level?: string;
  status?: string;
  tags: string[];
  /** The whole file the rule came from (a collection's global parts included). */
  yaml: string;
  /** The rule's document in that file, from 1. */
  document: number;
  origin: RuleOrigin;
  /** The file, as it was named when the rule was loaded. */
  path: string;
}

export interface StoredRule extends RuleRecord {
  enabled: boolean;
  /** Why the rule does not run although enabled: it no longer compiles (set when rules are loaded). */
  load_error?: string;
  created: string;
  /** Last change of its source or its enabled flag. */
  updated: string;
}

export type RuleSummary = Omit<StoredRule, 'yaml'>;

export interface RuleSaveResult {
  created: number;
  /** Existing rules whose source was replaced; they keep their enabled flag. */
  replaced: number;
  /** Rules of the replaced origin that `records` no longer has. */
  removed: number;
}

export interface RuleStore {
  /** Every rule without its source, ordered by title. */
  list(): Promise<RuleSummary[]>;
  /** The enabled rules with their source: what the detection engine loads. */
  runnable(): Promise<StoredRule[]>;
  get(id: string): Promise<StoredRule | undefined>;
  /**
   * Adds or replaces rules by id in one transaction. With `replacing`, the rules of that origin not
   * in `records` are removed: the origin's set becomes exactly `records` (builtin and config rules).
   */
  save(records: RuleRecord[], at: string, options?: { replacing?: RuleOrigin }): Promise<RuleSaveResult>;
  /** Undefined when there is no such rule. */
  setEnabled(id: string, enabled: boolean, at: string): Promise<StoredRule | undefined>;
  /** Sets or clears (undefined) rules' load errors; not a change of the rules themselves. */
  recordLoadErrors(errors: ReadonlyMap<string, string | undefined>): Promise<void>;
  /** Changes with every save and enable/disable, so that a running server notices them cheaply. */
  version(): Promise<number>;
}
