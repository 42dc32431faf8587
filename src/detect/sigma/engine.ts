// Runs compiled Sigma rules over events. Rules are indexed by the keys of their log sources, so an
// event is only tested against rules whose log source can describe it, and a literal prefilter skips
// the rules whose required text the event does not contain. What an event with a given combination
// of keys is offered — its candidates and their prefilter — is prepared once and kept.
import { RenamedFieldView, type FieldView } from './field-view.ts';
import type { JsonRecord } from './json.ts';
import { eventKeys, type LogSource, type SourceBinding } from './logsource.ts';
import { LiteralIndex, Prefilter } from './prefilter.ts';
import type { LiteralAtom } from './requirement.ts';
import type { SigmaRule } from './rule.ts';
import { shapeOf } from './shapes/index.ts';

interface IndexedRule {
  readonly rule: SigmaRule;
  readonly binding: SourceBinding;
}

interface Candidate extends IndexedRule {
  /** The rule is offered under other bindings too: it runs under the first that accepts the event. */
  readonly alternatives: boolean;
  /** The rule's number among the plan's rules with alternatives, for the `tried` stamps. */
  readonly slot: number;
  /** The field names the rule sees the event under (an index into the plan's renamings); -1: the event's own. */
  readonly renaming: number;
}

/** Events rarely differ in which index keys they have; this many combinations are kept at most. */
const MAX_KEY_COMBINATIONS = 4096;
/** Run numbers stamp `tried`; they restart before they would overflow its 32-bit entries. */
const MAX_RUNS = 0x3fffffff;

export class SigmaEngine {
  private readonly index = new Map<string, IndexedRule[]>();
  private readonly literals = new LiteralIndex();
  /** The plan for each combination of index keys (joined). */
  private readonly plans = new Map<string, Plan>();
  /** Plans by what decides the keys: the log source tags (as text), the channel, the EventID. */
  private readonly planLookup = new Map<string, Map<unknown, Map<unknown, Plan>>>();
  private lookups = 0;
  /** One map per distinct renaming, so that candidates renamed alike share a view. */
  private readonly renamings = new Map<string, ReadonlyMap<string, string>>();

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
    return this.planFor(view, logsource).run(view);
  }

  private planFor(view: FieldView, logsource: LogSource | readonly LogSource[] | undefined): Plan {
    const tags = logsource === undefined ? '' : tagText(logsource);
    const channel = view.get('Channel');
    const eventId = view.get('EventID');
    let byChannel = this.planLookup.get(tags);
    let byEventId = byChannel?.get(channel);
    let plan = byEventId?.get(eventId);
    if (!plan) {
      plan = this.planForKeys(eventKeys(view, logsource));
      if (++this.lookups > MAX_KEY_COMBINATIONS) {
        this.planLookup.clear();
        this.lookups = 0;
        byChannel = byEventId = undefined;
      }
      if (!byChannel) this.planLookup.set(tags, (byChannel = new Map()));
      if (!byEventId) byChannel.set(channel, (byEventId = new Map()));
      byEventId.set(eventId, plan);
    }
    return plan;
  }

  private planForKeys(keys: readonly string[]): Plan {
    const joined = keys.join('\n');
    let plan = this.plans.get(joined);
    if (!plan) {
      const entries = keys.flatMap((key) => this.index.get(key) ?? []).filter((entry, index, all) => all.indexOf(entry) === index);
      const bindingsPerRule = new Map<SigmaRule, number>();
      for (const { rule } of entries) bindingsPerRule.set(rule, (bindingsPerRule.get(rule) ?? 0) + 1);
      const slots = new Map<SigmaRule, number>();
      const renamings: ReadonlyMap<string, string>[] = [];
      const candidates = entries.map(({ rule, binding }): Candidate => {
        const alternatives = bindingsPerRule.get(rule)! > 1;
        if (alternatives && !slots.has(rule)) slots.set(rule, slots.size);
        let renaming = -1;
        if (binding.fieldNames) {
          const names = this.sharedRenaming(binding.fieldNames);
          renaming = renamings.indexOf(names);
          if (renaming < 0) renaming = renamings.push(names) - 1;
        }
        return { rule, binding, alternatives, slot: slots.get(rule) ?? -1, renaming };
      });
      const prefilter = new Prefilter(
        this.literals,
        candidates.map(({ rule, binding }) => eventRequirement(rule, binding)),
      );
      plan = new Plan(candidates, prefilter, renamings, slots.size);
      if (this.plans.size >= MAX_KEY_COMBINATIONS) this.plans.clear();
      this.plans.set(joined, plan);
    }
    return plan;
  }

  private sharedRenaming(names: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
    const key = JSON.stringify([...names]);
    let shared = this.renamings.get(key);
    if (!shared) this.renamings.set(key, (shared = names));
    return shared;
  }
}

/** What an event with one combination of index keys is offered: its candidates, in index order, and their prefilter. */
class Plan {
  /** The run in which each rule with alternatives was last tried. */
  private readonly tried: Int32Array;
  private runs = 0;

  constructor(
    private readonly candidates: readonly Candidate[],
    private readonly prefilter: Prefilter,
    private readonly renamings: readonly ReadonlyMap<string, string>[],
    rulesWithAlternatives: number,
  ) {
    this.tried = new Int32Array(rulesWithAlternatives);
  }

  run(view: FieldView): SigmaRule[] {
    const matched: SigmaRule[] = [];
    const { candidates, prefilter, tried } = this;
    if (candidates.length === 0) return matched;
    prefilter.scan(view);
    if (this.runs === MAX_RUNS) {
      tried.fill(0);
      this.runs = 0;
    }
    const run = ++this.runs;
    let renamed: FieldView[] | undefined;
    for (let index = 0; index < candidates.length; index++) {
      const { rule, binding, alternatives, slot, renaming } = candidates[index];
      if (alternatives) {
        // The first binding that accepts the event decides, whatever its prefilter says.
        if (tried[slot] === run) continue;
        if (binding.accepts && !binding.accepts(view)) continue;
        tried[slot] = run;
        if (!prefilter.mayMatch(index)) continue;
      } else if (!prefilter.mayMatch(index) || (binding.accepts && !binding.accepts(view))) {
        continue;
      }
      const ruleView = renaming < 0 ? view : ((renamed ??= [])[renaming] ??= new RenamedFieldView(view, this.renamings[renaming]));
      if (rule.matches(ruleView)) matched.push(rule);
    }
    return matched;
  }
}

/** A rule's requirement with its fields as the event names them under the binding. */
function eventRequirement(rule: SigmaRule, binding: SourceBinding): readonly LiteralAtom[] | undefined {
  const names = binding.fieldNames;
  if (!names || !rule.requirement) return rule.requirement;
  return rule.requirement.map(({ field, needle }) => ({ field: field === undefined ? undefined : (names.get(field) ?? field), needle }));
}

function tagText(logsource: LogSource | readonly LogSource[]): string {
  const tags = Array.isArray(logsource) ? (logsource as readonly LogSource[]) : [logsource as LogSource];
  let text = '';
  for (const { product, category, service } of tags) text += `${product ?? ''}|${category ?? ''}|${service ?? ''}\n`;
  return text;
}
