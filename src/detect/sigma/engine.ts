// Runs compiled Sigma rules over events. Rules are indexed by the keys of their log sources, so an
// event is only tested against rules whose log source can describe it, and a literal prefilter skips
// the rules whose required text the event does not contain.
import type { FieldView } from './field-view.ts';
import { renamedView } from './field-view.ts';
import type { JsonRecord } from './json.ts';
import { eventKeys, type LogSource, type SourceBinding } from './logsource.ts';
import { Prefilter, type PrefilterScan } from './prefilter.ts';
import type { SigmaRule } from './rule.ts';
import { fieldViewOf } from './shapes/index.ts';

interface IndexedRule {
  readonly rule: SigmaRule;
  readonly binding: SourceBinding;
}

export class SigmaEngine {
  private readonly index = new Map<string, IndexedRule[]>();
  private readonly prefilter: Prefilter;

  constructor(readonly rules: readonly SigmaRule[]) {
    for (const rule of rules) {
      for (const binding of rule.bindings) {
        for (const key of binding.keys) {
          const entries = this.index.get(key);
          if (entries) entries.push({ rule, binding });
          else this.index.set(key, [{ rule, binding }]);
        }
      }
    }
    this.prefilter = new Prefilter(rules);
  }

  /**
   * The rules an event matches.
   * @param logsource what the event is, when its source knows (a syslog input configured as linux/auth);
   *   Windows events are recognised by their channel without it
   */
  match(event: JsonRecord, logsource?: LogSource): SigmaRule[] {
    return this.matchView(fieldViewOf(event), logsource);
  }

  matchView(view: FieldView, logsource?: LogSource): SigmaRule[] {
    const matched: SigmaRule[] = [];
    const tried = new Set<SigmaRule>();
    // One scan per view the rules see: the event itself, or renamed for a source's field names.
    const scans = new Map<SourceBinding['fieldNames'], { view: FieldView; scan: PrefilterScan }>();
    for (const key of eventKeys(view, logsource)) {
      const entries = this.index.get(key);
      if (!entries) continue;
      for (const { rule, binding } of entries) {
        if (tried.has(rule) || (binding.accepts && !binding.accepts(view))) continue;
        tried.add(rule);
        let seen = scans.get(binding.fieldNames);
        if (!seen) {
          const bindingView = binding.fieldNames ? renamedView(view, binding.fieldNames) : view;
          seen = { view: bindingView, scan: this.prefilter.scan(bindingView) };
          scans.set(binding.fieldNames, seen);
        }
        if (seen.scan.mayMatch(rule) && rule.matches(seen.view)) matched.push(rule);
      }
    }
    return matched;
  }
}
