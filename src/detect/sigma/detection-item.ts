// One detection item — `Field|mod1|mod2: value(s)` or a keyword list — compiled to a predicate over
// an event's field view. Modifiers apply in the order written (specification, Value Modifiers).
import { compileCidr } from './cidr.ts';
import { allOf, anyOf, type Compiled, type EventPredicate } from './compiled.ts';
import { base64, base64Offsets, utf16, windashVariants, type EncodedValue, type Utf16Variant } from './encodings.ts';
import type { FieldText, FieldView } from './field-view.ts';
import { compilePattern, literalText, parsePattern, widen, type Pattern, type TextPredicate } from './pattern.ts';
import { expandPlaceholders, type Placeholders } from './placeholders.ts';
import { compileRegex } from './regex.ts';
import { leadingRegexFlags, requiredRegexLiteral } from './regex-literal.ts';
import { bothRequirement, eitherRequirement, patternRequirement, regexRequirement, type Requirement } from './requirement.ts';
import type { YamlScalar } from './yaml-tree.ts';

export interface ItemOptions {
  readonly placeholders: Placeholders;
}

const VALUE_TRANSFORMS = ['contains', 'startswith', 'endswith', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash', 'expand'] as const;
const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
const KNOWN_MODIFIERS = new Set<string>([...VALUE_TRANSFORMS, ...COMPARISONS, 'all', 'cased', 're', 'i', 'm', 's', 'cidr', 'exists', 'fieldref', 'neq']);
/** More alternatives than this from one value (windash on many dashes) is a rule mistake, not a search. */
const MAX_VARIANTS = 4096;

type Comparison = (typeof COMPARISONS)[number];

/**
 * @param field undefined for keywords, which search every value of the event
 * @param modifiers as written after the field name
 */
export function compileDetectionItem(field: string | undefined, modifiers: readonly string[], values: readonly YamlScalar[], options: ItemOptions): Compiled {
  for (const modifier of modifiers) if (!KNOWN_MODIFIERS.has(modifier)) throw new Error(`unknown modifier "${modifier}"`);
  const has = (modifier: string): boolean => modifiers.includes(modifier);
  if ((has('i') || has('m') || has('s')) && !has('re')) throw new Error('the i, m and s modifiers only refine `re`');
  if (values.length === 0) throw new Error('needs at least one value');
  if (has('exists')) return { test: existsPredicate(field, values), requirement: undefined };
  if (field === undefined && (has('fieldref') || COMPARISONS.some(has))) throw new Error('keywords cannot use fieldref or numeric comparison');

  const texts: (view: FieldView) => readonly FieldText[] | undefined = field === undefined ? (view) => view.allTexts() : (view) => view.texts(field);
  const comparison = COMPARISONS.find(has);
  const caseSensitive = has('cased') || has('re');
  // Values tested text by text are grouped, so that the field's texts are fetched once for all of them.
  const textTests: { test: TextPredicate; requirement: Requirement }[] = [];
  const others = values.flatMap((value): Compiled[] => {
    if (value.value === null) {
      if (field === undefined) throw new Error('keywords cannot be null');
      return [{ test: (view) => view.get(field) == null, requirement: undefined }];
    }
    const text = String(value.value);
    if (comparison) return [{ test: numericPredicate(texts, comparison, value), requirement: undefined }];
    if (has('fieldref')) return [{ test: fieldrefPredicate(field!, text, modifiers), requirement: undefined }];
    textTests.push(textTest(field, text, modifiers, options));
    return [];
  });
  const every = has('all');
  const parts = textTests.length > 0 ? [textValues(texts, textTests, caseSensitive, every), ...others] : others;
  if (has('neq')) {
    // "Different from the values": none of them.
    const anyValue = anyOf(parts).test;
    return { test: (view) => (field === undefined || view.get(field) != null) && !anyValue(view), requirement: undefined };
  }
  return every ? allOf(parts) : anyOf(parts);
}

/** Values tested on each text of the field: one of them (or with `all`, each) must hold for some text. */
function textValues(
  texts: (view: FieldView) => readonly FieldText[] | undefined,
  values: readonly { test: TextPredicate; requirement: Requirement }[],
  caseSensitive: boolean,
  every: boolean,
): Compiled {
  const tests = values.map(({ test }) => test);
  const requirements = values.map(({ requirement }) => requirement);
  if (every) {
    return {
      test: (view) => {
        const candidates = texts(view);
        if (!candidates) return false;
        for (const test of tests) if (!someText(candidates, test, caseSensitive)) return false;
        return true;
      },
      requirement: bothRequirement(requirements),
    };
  }
  return {
    test: (view) => {
      const candidates = texts(view);
      if (!candidates) return false;
      for (const candidate of candidates) {
        const text = caseSensitive ? candidate.text : candidate.lower;
        for (const test of tests) if (test(text)) return true;
      }
      return false;
    },
    requirement: eitherRequirement(requirements),
  };
}

function someText(candidates: readonly FieldText[], test: TextPredicate, caseSensitive: boolean): boolean {
  for (const candidate of candidates) if (test(caseSensitive ? candidate.text : candidate.lower)) return true;
  return false;
}

function existsPredicate(field: string | undefined, values: readonly YamlScalar[]): EventPredicate {
  const [expected] = values;
  if (field === undefined) throw new Error('`exists` needs a field');
  if (values.length !== 1 || typeof expected.value !== 'boolean') throw new Error('`exists` takes true or false');
  const wanted = expected.value;
  return (view) => (view.get(field) !== undefined) === wanted;
}

function numericPredicate(texts: (view: FieldView) => readonly FieldText[] | undefined, comparison: Comparison, value: YamlScalar): EventPredicate {
  const bound = value.number ?? Number(value.value);
  if (typeof value.value !== 'string' || !Number.isFinite(bound)) throw new Error(`\`${comparison}\` needs a number, not "${String(value.value)}"`);
  const holds: (number: number) => boolean = {
    gt: (number: number) => number > bound,
    gte: (number: number) => number >= bound,
    lt: (number: number) => number < bound,
    lte: (number: number) => number <= bound,
  }[comparison];
  return (view) =>
    texts(view)?.some(({ text }) => {
      const number = text.trim() === '' ? NaN : Number(text);
      return !Number.isNaN(number) && holds(number);
    }) ?? false;
}

function fieldrefPredicate(field: string, otherField: string, modifiers: readonly string[]): EventPredicate {
  const caseSensitive = modifiers.includes('cased');
  const relation: (text: string, other: string) => boolean = modifiers.includes('contains')
    ? (text, other) => text.includes(other)
    : modifiers.includes('startswith')
      ? (text, other) => text.startsWith(other)
      : modifiers.includes('endswith')
        ? (text, other) => text.endsWith(other)
        : (text, other) => text === other;
  return (view) => {
    const mine = view.texts(field);
    const theirs = view.texts(otherField);
    if (!mine || !theirs) return false;
    return mine.some((a) => theirs.some((b) => (caseSensitive ? relation(a.text, b.text) : relation(a.lower, b.lower))));
  };
}

/** The test one rule value applies to each text of the field, and the literals it requires. */
function textTest(field: string | undefined, raw: string, modifiers: readonly string[], options: ItemOptions): { test: TextPredicate; requirement: Requirement } {
  if (modifiers.includes('re')) {
    const ignoreCase = modifiers.includes('i');
    return {
      test: compileRegex(raw, { ignoreCase, multiline: modifiers.includes('m'), dotAll: modifiers.includes('s') }),
      requirement: regexRequirement(field, requiredRegexLiteral(raw), ignoreCase || leadingRegexFlags(raw).includes('i')),
    };
  }
  if (modifiers.includes('cidr')) return { test: compileCidr(raw), requirement: undefined };
  const caseSensitive = modifiers.includes('cased');
  const rawValues = modifiers.includes('expand') ? expandPlaceholders(raw, options.placeholders) : [raw];
  let values: EncodedValue[] = rawValues.map((text) => ({ pattern: parsePattern(text), bytes: false }));
  for (const modifier of modifiers) values = values.flatMap((value) => transform(value, modifier));
  const anchored = modifiers.some((modifier) => modifier === 'contains' || modifier === 'startswith' || modifier === 'endswith');
  // A keyword is found anywhere in the event's values unless the rule anchors it.
  const patterns: Pattern[] = values.map(({ pattern }) => (field === undefined && !anchored ? widen(pattern, true, true) : pattern));
  const tests = patterns.map((pattern) => compilePattern(pattern, caseSensitive));
  const requirement = eitherRequirement(patterns.map((pattern) => patternRequirement(field, pattern)));
  if (tests.length === 1) return { test: tests[0], requirement };
  return {
    test: (text) => {
      for (const test of tests) if (test(text)) return true;
      return false;
    },
    requirement,
  };
}

function transform(value: EncodedValue, modifier: string): EncodedValue[] {
  switch (modifier) {
    case 'contains':
      return [{ ...value, pattern: widen(value.pattern, true, true) }];
    case 'startswith':
      return [{ ...value, pattern: widen(value.pattern, false, true) }];
    case 'endswith':
      return [{ ...value, pattern: widen(value.pattern, true, false) }];
    case 'wide':
    case 'utf16le':
    case 'utf16be':
    case 'utf16':
      return [utf16(value, modifier === 'wide' ? 'utf16le' : (modifier as Utf16Variant))];
    case 'base64':
      return [{ pattern: [base64(plainText(value, modifier), value.bytes)], bytes: false }];
    case 'base64offset':
      return base64Offsets(plainText(value, modifier), value.bytes).map((text) => ({ pattern: [text], bytes: false }));
    case 'windash':
      return windashVariants(value.pattern, MAX_VARIANTS).map((pattern) => ({ ...value, pattern }));
    default:
      return [value];
  }
}

function plainText(value: EncodedValue, modifier: string): string {
  const text = literalText(value.pattern);
  if (text === undefined) throw new Error(`\`${modifier}\` cannot encode a value with wildcards`);
  return text;
}
