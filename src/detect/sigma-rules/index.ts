// Sigma rules as Vigil runs them: kept in the store, compiled into the engine in use, their matches
// recorded on events and turned into alerts.
export { BUILTIN_SIGMA_RULES, importRules, saveConfiguredRules, startSigmaRules, type OriginReport, type SigmaStart } from './configured-rules.ts';
export { compileRulePaths } from './rule-records.ts';
export { SigmaRuleSet } from './rule-set.ts';
export { correlationAlerts, type CorrelationHit, type SigmaMatch } from './sigma-alert.ts';
export { parsePlaceholders, PlaceholderError, storedPlaceholders, storePlaceholders } from './placeholders.ts';
