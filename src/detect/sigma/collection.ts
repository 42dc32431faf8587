// Sigma rule collections: several `---` documents in one file, where `action: global` documents are
// merged into every following rule, `action: reset` forgets them, and `action: repeat` re-issues the
// previous rule with changes.
import { SigmaRuleError } from './errors.ts';
import { entryOf, mergeYaml, parseYamlDocuments, YamlSyntaxError, type YamlMap, type YamlNode } from './yaml-tree.ts';

/** One rule document, with its collection's global parts merged in. */
export interface RuleDocument {
  readonly file: string;
  readonly root: YamlMap;
  /** 1-based index of the document in its file. */
  readonly index: number;
}

export interface CollectionResult {
  readonly documents: RuleDocument[];
  readonly errors: SigmaRuleError[];
}

export function splitCollection(text: string, file: string): CollectionResult {
  let parsed;
  try {
    parsed = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return { documents: [], errors: [new SigmaRuleError(file, error.position, undefined, `YAML: ${error.message}`)] };
    throw error;
  }
  const documents: RuleDocument[] = [];
  const errors: SigmaRuleError[] = [];
  let global: YamlNode | undefined;
  let previous: YamlNode | undefined;
  parsed.forEach((document, offset) => {
    const root = document.root;
    // An empty document (a trailing `---`) holds no rule.
    if (!root || (root.kind === 'scalar' && root.value === null)) return;
    if (root.kind !== 'map') {
      errors.push(new SigmaRuleError(file, root.position, undefined, 'a Sigma document must be a map of fields'));
      return;
    }
    const action = entryOf(root, 'action');
    const withoutAction: YamlMap = { ...root, entries: root.entries.filter((entry) => entry.key !== 'action') };
    switch (action?.value.kind === 'scalar' ? action.value.value : undefined) {
      case undefined:
        previous = global ? mergeYaml(global, withoutAction) : withoutAction;
        documents.push({ file, root: previous as YamlMap, index: offset + 1 });
        return;
      case 'global':
        global = withoutAction;
        return;
      case 'reset':
        global = undefined;
        return;
      case 'repeat':
        if (!previous) {
          errors.push(new SigmaRuleError(file, action!.position, 'action', '`repeat` needs a rule before it'));
          return;
        }
        previous = mergeYaml(previous, withoutAction);
        documents.push({ file, root: previous as YamlMap, index: offset + 1 });
        return;
      default:
        errors.push(new SigmaRuleError(file, action!.position, 'action', 'must be global, reset or repeat'));
    }
  });
  return { documents, errors };
}
