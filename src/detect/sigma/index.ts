// Sigma detection rules: parse, validate, compile to closures, and run over events of any Windows shape.
export { compileRule, type CompileOptions } from './compile-rule.ts';
export { SigmaEngine } from './engine.ts';
export * from './correlation/index.ts';
export { SigmaRuleError, type SourcePosition } from './errors.ts';
export { JsonObjectSplitter, parseEventText } from './event-stream.ts';
export type { FieldView } from './field-view.ts';
export { loadRuleTree, type RuleTreeReport } from './loader.ts';
export { hasEventSource, type LogSource } from './logsource.ts';
export type { Placeholders } from './placeholders.ts';
export { compileRuleFile, parseRuleFile, resolveRuleFiles, type ParsedRuleFile, type RuleFileResult } from './rule-file.ts';
export { SIGMA_LEVELS, type SigmaLevel, type SigmaRule } from './rule.ts';
export { fieldViewOf } from './shapes/index.ts';
export { edrSigmaEvent, type EdrSigmaEvent } from './shapes/edr.ts';
