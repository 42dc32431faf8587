// The Sigma rules in use: the store's enabled rules compiled into one engine (and their correlation
// rules into one correlation engine), rebuilt when the store's rules change (PATCH
// /api/v1/rules/:id at once; `vigil rules import` when the server next polls). A stored rule that no
// longer compiles is skipped and its load error recorded.
import type { Store, StoredRule } from '../../store/index.ts';
import type { Detector } from '../engine.ts';
import { compileRuleFile, CorrelationEngine, SigmaEngine, type CompileOptions, type CorrelationRule, type RuleFileResult, type SigmaRule } from '../sigma/index.ts';
import { createSigmaDetector, type SigmaRuntime } from './detector.ts';

type Compilation =
  | { rule: SigmaRule; correlation?: undefined; error?: undefined }
  | { rule?: undefined; correlation: CorrelationRule; error?: undefined }
  | { rule?: undefined; correlation?: undefined; error: string };

/** Compiled files by path and text. A file is compiled once while its text is unchanged, so a correlation and the rules it references (same file) stay the same objects across rebuilds. */
type FileCache = Map<string, RuleFileResult>;

function compileStored(stored: StoredRule, files: FileCache, previous: FileCache, options: CompileOptions): Compilation {
  const key = `${stored.path}\n${stored.yaml}`;
  let file = files.get(key);
  if (!file) files.set(key, (file = previous.get(key) ?? compileRuleFile(stored.yaml, stored.path, options)));
  const rule = file.rules.find((candidate) => candidate.document === stored.document);
  if (rule) return { rule };
  const correlation = file.correlations.find((candidate) => candidate.document === stored.document);
  if (correlation) return { correlation };
  return { error: file.errors.find((error) => error.message.includes(`document ${stored.document}`))?.message ?? file.errors[0]?.message ?? `document ${stored.document} of ${stored.path} holds no rule` };
}

export class SigmaRuleSet {
  private runtime: SigmaRuntime = { engine: new SigmaEngine([]), correlations: new CorrelationEngine([]), originals: new Map() };
  private files: FileCache = new Map();
  private loadedVersion: number | undefined;
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
    const version = await this.store.rules.version();
    if (version === this.loadedVersion) return false;
    const files: FileCache = new Map();
    const rules: SigmaRule[] = [];
    const correlations: CorrelationRule[] = [];
    const originals = new Map<SigmaRule, SigmaRule>();
    const loadErrors = new Map<string, string | undefined>();
    for (const stored of await this.store.rules.runnable()) {
      const { rule, correlation, error } = compileStored(stored, files, this.files, this.options);
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
    this.loadedVersion = version;
    if (loadErrors.size > 0) await this.store.rules.recordLoadErrors(loadErrors);
    return true;
  }
}
