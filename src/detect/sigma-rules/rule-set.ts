// The Sigma rules in use: the store's enabled rules compiled into one engine (and their correlation
// rules into one correlation engine), rebuilt when the store's rules change (PATCH
// /api/v1/rules/:id at once; `vigil rules import` when the server next polls). A stored rule that no
// longer compiles is skipped and its load error recorded.
import type { Store, StoredRule } from '../../store/index.ts';
import type { Detector } from '../engine.ts';
import {
  CorrelationEngine, parseRuleFile, resolveRuleFiles, SigmaEngine, type CompileOptions, type CorrelationRule, type ParsedRuleFile, type RuleFileResult, type SigmaRule,
} from '../sigma/index.ts';
import { createSigmaDetector, type SigmaRuntime } from './detector.ts';
import { storedPlaceholders } from './placeholders.ts';

type Compilation =
  | { rule: SigmaRule; correlation?: undefined; error?: undefined }
  | { rule?: undefined; correlation: CorrelationRule; error?: undefined }
  | { rule?: undefined; correlation?: undefined; error: string };

/** Parsed files by path and text: a file is compiled once while its text is unchanged, so its rules stay the same objects across rebuilds. */
type FileCache = Map<string, ParsedRuleFile>;

const fileKey = (stored: StoredRule) => `${stored.path}\n${stored.yaml}`;

function compileStored(stored: StoredRule, file: RuleFileResult): Compilation {
  const rule = file.rules.find((candidate) => candidate.document === stored.document);
  if (rule) return { rule };
  const correlation = file.correlations.find((candidate) => candidate.document === stored.document);
  if (correlation) return { correlation };
  return { error: file.errors.find((error) => error.message.includes(`document ${stored.document}`))?.message ?? file.errors[0]?.message ?? `document ${stored.document} of ${stored.path} holds no rule` };
}

export class SigmaRuleSet {
  private runtime: SigmaRuntime = { engine: new SigmaEngine([]), correlations: new CorrelationEngine([]), originals: new Map() };
  private files: FileCache = new Map();
  /** The rules' version and the placeholder values (JSON) the engines were built with. */
  private loaded: { version: number; placeholders: string } | undefined;
  private refreshing: Promise<boolean> = Promise.resolve(false);

  /** The detect stage's Sigma part over the rules in use. */
  readonly detect: Detector = createSigmaDetector(() => this.runtime);

  constructor(private readonly store: Store, private readonly options: CompileOptions = {}) {}

  /** The detection rules the engine runs now. */
  get running(): readonly SigmaRule[] {
    return this.runtime.engine.rules;
  }

  /** The correlation rules run now (with the correlations they reference). */
  get runningCorrelations(): readonly CorrelationRule[] {
    return this.runtime.correlations.rules;
  }

  /** Rebuilds the engines if the stored rules changed since the last build; true when it did. Calls run one after another. */
  refresh(): Promise<boolean> {
    this.refreshing = this.refreshing.catch(() => false).then(() => this.rebuildIfChanged());
    return this.refreshing;
  }

  private async rebuildIfChanged(): Promise<boolean> {
    const placeholders = await storedPlaceholders(this.store);
    const loaded = { version: await this.store.rules.version(), placeholders: JSON.stringify(placeholders) };
    if (loaded.version === this.loaded?.version && loaded.placeholders === this.loaded.placeholders) return false;
    // New placeholder values change what a file compiles to: nothing parsed under the old ones is kept.
    const previous = loaded.placeholders === this.loaded?.placeholders ? this.files : new Map<string, ParsedRuleFile>();
    const options = { ...this.options, placeholders: { ...placeholders, ...this.options.placeholders } };
    const runnable = await this.store.rules.runnable();
    // Correlations are resolved over every file in use at once, so they may reference rules of other files.
    const files: FileCache = new Map();
    for (const stored of runnable) {
      const key = fileKey(stored);
      if (!files.has(key)) files.set(key, previous.get(key) ?? parseRuleFile(stored.yaml, stored.path, options));
    }
    const keys = [...files.keys()];
    const resolved = new Map(resolveRuleFiles([...files.values()]).map((result, index) => [keys[index], result]));
    const rules: SigmaRule[] = [];
    const correlations: CorrelationRule[] = [];
    const originals = new Map<SigmaRule, SigmaRule>();
    const loadErrors = new Map<string, string | undefined>();
    for (const stored of runnable) {
      const { rule, correlation, error } = compileStored(stored, resolved.get(fileKey(stored))!);
      if (rule) {
        // Matches name the rule by its stored id, which a rule without an `id` of its own also has;
        // correlations know the rule by the compiled object.
        const named = { ...rule, id: stored.id };
        rules.push(named);
        originals.set(named, rule);
      }
      if (correlation) correlations.push(correlation);
      if (error !== stored.load_error) loadErrors.set(stored.id, error);
    }
    this.files = files;
    this.runtime = { engine: new SigmaEngine(rules), correlations: new CorrelationEngine(correlations), originals };
    this.loaded = loaded;
    if (loadErrors.size > 0) await this.store.rules.recordLoadErrors(loadErrors);
    return true;
  }
}
