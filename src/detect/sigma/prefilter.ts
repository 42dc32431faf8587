// The literal prefilter: every rule's required literals, gathered per field, so that only the rules
// with one of their literals present in the event are evaluated.
import { LiteralSet } from './aho-corasick.ts';
import type { FieldText, FieldView } from './field-view.ts';

const NO_TEXTS: readonly FieldText[] = [];
import type { SigmaRule } from './rule.ts';

/**
 * A field's literals are first looked for one by one with String.includes, as rules ask; once this
 * many were asked for in one event, one automaton pass finds all of them instead. (Native includes
 * is far faster per character than a JavaScript automaton, which wins only when it replaces many
 * searches: a process creation checked by a thousand rules, not a long message checked by a few.)
 */
const AUTOMATON_AFTER = 32;

/** A rule's requirement resolved to literal ids; undefined when the rule must always be evaluated. */
export type ResolvedRequirement = readonly { readonly field: string | undefined; readonly id: number; readonly needle: string }[] | undefined;

export class Prefilter {
  private readonly literalsByField = new Map<string | undefined, LiteralSet>();
  private readonly resolved = new Map<SigmaRule, ResolvedRequirement>();

  constructor(rules: readonly SigmaRule[]) {
    for (const rule of rules) {
      this.resolved.set(
        rule,
        rule.requirement?.map(({ field, needle }) => {
          let literals = this.literalsByField.get(field);
          if (!literals) this.literalsByField.set(field, (literals = new LiteralSet()));
          return { field, id: literals.add(needle), needle };
        }),
      );
    }
  }

  /** What one event's view contains, found lazily field by field. */
  scan(view: FieldView): PrefilterScan {
    return new PrefilterScan(view, this.literalsByField, this.resolved);
  }
}

interface FieldFindings {
  /** Answers String.includes gave so far, by literal id. */
  readonly asked: Map<number, boolean>;
  /** Every literal present, once an automaton pass was made. */
  all?: Set<number>;
}

export class PrefilterScan {
  private readonly findings = new Map<string | undefined, FieldFindings>();

  constructor(
    private readonly view: FieldView,
    private readonly literalsByField: ReadonlyMap<string | undefined, LiteralSet>,
    private readonly resolved: ReadonlyMap<SigmaRule, ResolvedRequirement>,
  ) {}

  /** False when the event lacks every literal the rule needs, so the rule cannot match. */
  mayMatch(rule: SigmaRule): boolean {
    const requirement = this.resolved.get(rule);
    if (!requirement) return true;
    for (const { field, id, needle } of requirement) if (this.contains(field, id, needle)) return true;
    return false;
  }

  private contains(field: string | undefined, id: number, needle: string): boolean {
    let findings = this.findings.get(field);
    if (!findings) {
      // Most fields hold none of their literals: one native search per field settles every rule's ask.
      const literals = this.literalsByField.get(field)!;
      let any = false;
      for (const { lower } of this.texts(field)) {
        if (literals.anyIn(lower)) {
          any = true;
          break;
        }
      }
      this.findings.set(field, (findings = { asked: new Map(), all: any ? undefined : new Set() }));
    }
    if (findings.all) return findings.all.has(id);
    let present = findings.asked.get(id);
    if (present !== undefined) return present;
    if (findings.asked.size >= AUTOMATON_AFTER) {
      findings.all = new Set();
      const literals = this.literalsByField.get(field)!;
      for (const { lower } of this.texts(field)) literals.scan(lower, findings.all);
      return findings.all.has(id);
    }
    present = false;
    for (const { lower } of this.texts(field)) {
      if (lower.includes(needle)) {
        present = true;
        break;
      }
    }
    findings.asked.set(id, present);
    return present;
  }

  private texts(field: string | undefined): readonly FieldText[] {
    return field === undefined ? this.view.allTexts() : (this.view.texts(field) ?? NO_TEXTS);
  }
}
