// Runs rules over a batch. Rules are indexed by type_id, so an event is only tested against the
// rules for its type and adding rules does not slow unrelated events.
import type { Alert, EdrEvent } from '../model/index.ts';
import type { DetectionRule } from './rule.ts';

export type Detector = (events: EdrEvent[]) => Alert[];

/** The alerts of several detectors over the same batch (built-in rules and Sigma), in their order. */
export function combineDetectors(...detectors: readonly Detector[]): Detector {
  return (events) => detectors.flatMap((detector) => detector(events));
}

export function createDetector(rules: readonly DetectionRule[]): Detector {
  const rulesByType = new Map<number, DetectionRule[]>();
  for (const rule of rules) {
    for (const typeId of rule.type_ids) {
      const forType = rulesByType.get(typeId);
      if (forType) forType.push(rule);
      else rulesByType.set(typeId, [rule]);
    }
  }
  return (events) => {
    const alerts: Alert[] = [];
    for (const event of events) {
      const candidates = rulesByType.get(event.type_id);
      if (!candidates) continue;
      for (const rule of candidates) {
        const alert = rule.evaluate(event);
        if (alert) alerts.push(alert);
      }
    }
    return alerts;
  };
}
