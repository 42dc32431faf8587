import { BUILTIN_RULES } from './builtin/index.ts';
import { createDetector } from './engine.ts';

export { BUILTIN_RULES } from './builtin/index.ts';
export { combineDetectors, createDetector, type Detector } from './engine.ts';
export {
  BUILTIN_SIGMA_RULES, compileRulePaths, correlationAlerts, importRules, parsePlaceholders, PlaceholderError, saveConfiguredRules, SigmaRuleSet, startSigmaRules,
  storedPlaceholders, storePlaceholders,
  type CorrelationHit, type OriginReport, type SigmaMatch, type SigmaStart,
} from './sigma-rules/index.ts';
export type { DetectionRule, RuleIdentity } from './rule.ts';

/** Runs the built-in rules over a batch of events. */
export const detect = createDetector(BUILTIN_RULES);
