// Runs compiled Sigma rules over events. Rules are indexed by the keys of their log sources, so an
// event is only tested against rules whose log source can describe it, and a literal prefilter skips
// the rules whose required text the event does not contain.
import type { FieldView } from './field-view.ts';
import { renamedView } from './field-view.ts';
import type { JsonRecord } from './json.ts';
import { eventKeys, type LogSource, type SourceBinding } from './logsource.ts';
import { Prefilter, type PrefilterScan } from './prefilter.ts';
import type { SigmaRule } from './rule.ts';
import { shapeOf } from './shapes/index.ts';

interface IndexedRule {
  readonly rule: SigmaRule;
  readonly binding: SourceBinding;
}

interface OfferedRule extends IndexedRule {
  /** The rule is offered under other bindings too: it runs under the first that accepts the event. */
  readonly alternatives: boolean;
}

/** Events rarely differ in which index keys they have; their merged rule lists are kept, this many at most. */
const MAX_KEY_COMBINATIONS = 4096;

export class SigmaEngine {
  private readonly index = new Map<string, IndexedRule[]>();
  /** The rules an event with these keys (joined) is offered, each once, in index order. */
  private readonly offered = new Map<string, readonly OfferedRule[]>();
  private readonly prefilter: Prefilter;

  constructor(readonly rules: readonly SigmaRule[]) {
    for (const rule of rules) {
      for (const binding of rule.bindings) {
        // One entry per binding under all its keys, so an event with several of them is offered it once.
        const entry = { rule, binding };
        for (const key of binding.keys) {
          const entries = this.index.get(key);
          if (entries) entries.push(entry);
          else this.index.set(key, [entry]);
        }
      }
    }
    this.prefilter = new Prefilter(rules);
  }

  /**
   * The rules an event matches.
   * @param logsource what the event is, when its source knows (a syslog input configured as linux/auth);
   *   Windows events are recognised by their channel, and Vigil's EDR events by their type, without it
   */
  match(event: JsonRecord, logsource?: LogSource): SigmaRule[] {
    const shaped = shapeOf(event);
    return this.matchView(shaped.view, logsource ?? shaped.logsources);
  }

  matchView(view: FieldView, logsource?: LogSource | readonly LogSource[]): SigmaRule[] {
    const matched: SigmaRule[] = [];
    // One scan per view the rules see: the event itself, or renamed for a source's field names.
    const scans = new Map<SourceBinding['fieldNames'], { view: FieldView; scan: PrefilterScan }>();
    let tried: Set<SigmaRule> | undefined;
    for (const { rule, binding, alternatives } of this.offeredFor(eventKeys(view, logsource))) {
      if (alternatives && tried?.has(rule)) continue;
      if (binding.accepts && !binding.accepts(view)) continue;
      if (alternatives) (tried ??= new Set()).add(rule);
      let seen = scans.get(binding.fieldNames);
      if (!seen) {
        const bindingView = binding.fieldNames ? renamedView(view, binding.fieldNames) : view;
        seen = { view: bindingView, scan: this.prefilter.scan(bindingView) };
        scans.set(binding.fieldNames, seen);
      }
      if (seen.scan.mayMatch(rule) && rule.matches(seen.view)) matched.push(rule);
    }
    return matched;
  }

  private offeredFor(keys: readonly string[]): readonly OfferedRule[] {
    const joined = keys.join('\n');
    let offered = this.offered.get(joined);
    if (!offered) {
      const entries = keys.flatMap((key) => this.index.get(key) ?? []).filter((entry, index, all) => all.indexOf(entry) === index);
      const bindingsPerRule = new Map<SigmaRule, number>();
      for (const { rule } of entries) bindingsPerRule.set(rule, (bindingsPerRule.get(rule) ?? 0) + 1);
      offered = entries.map((entry) => ({ ...entry, alternatives: bindingsPerRule.get(entry.rule)! > 1 }));
      if (this.offered.size >= MAX_KEY_COMBINATIONS) this.offered.clear();
      this.offered.set(joined, offered);
    }
    return offered;
  }
}
