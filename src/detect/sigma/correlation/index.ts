// Sigma correlation rules: parse and resolve them with their collection, and run them over matches.
export { CorrelationEngine, type CorrelationOptions } from './correlation-engine.ts';
export { isCorrelationRule, type CorrelatedRule, type CorrelationCondition, type CorrelationRule, type CorrelationType } from './correlation-rule.ts';
export { eventTimeOf } from './event-time.ts';
export type { CorrelationHit, CorrelationStats } from './hit.ts';
