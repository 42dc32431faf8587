import { BUILTIN_RULES } from './builtin/index.ts';
import { createDetector } from './engine.ts';

export { BUILTIN_RULES } from './builtin/index.ts';
export { createDetector, type Detector } from './engine.ts';
export type { DetectionRule, RuleIdentity } from './rule.ts';

/** Runs the built-in rules over a batch of events. */
export const detect = createDetector(BUILTIN_RULES);
