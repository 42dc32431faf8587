// The detect stage's Sigma part: each EDR event whose type has a Sigma log source is matched against
// the rules in use; every match is recorded on the event (`sigma`), matches above informational level
// become alerts (unless the rule only feeds correlations), and the matches go on to the correlation
// rules, whose hits become alerts of their own.
import type { Alert, EdrEvent } from '../../model/index.ts';
import type { Detector } from '../engine.ts';
import { edrSigmaEvent, type CorrelationEngine, type SigmaEngine, type SigmaRule } from '../sigma/index.ts';
import { correlationAlerts, sigmaAlert, sigmaMatchOf } from './sigma-alert.ts';

export interface SigmaRuntime {
  engine: SigmaEngine;
  correlations: CorrelationEngine;
  /** The compiled rule behind each rule the engine runs (which carries the stored id): correlations reference the compiled one. */
  originals: ReadonlyMap<SigmaRule, SigmaRule>;
}

/** `runtime` is asked once per batch, so rules replaced meanwhile apply from the next batch on. */
export function createSigmaDetector(runtime: () => SigmaRuntime): Detector {
  return (events) => {
    const alerts: Alert[] = [];
    const { engine, correlations, originals } = runtime();
    if (engine.rules.length === 0) return alerts;
    for (const event of events) {
      const shaped = edrSigmaEvent(event);
      if (!shaped) continue;
      let matched;
      try {
        matched = engine.matchView(shaped.view, shaped.logsources);
      } catch (error) {
        // A rule that fails on an odd event must not cost the sender the batch: the event is kept and says why it went unchecked.
        event.sigma_error = `the Sigma rules could not be run on this event: ${(error as Error).message}`;
        continue;
      }
      if (matched.length === 0) continue;
      event.sigma = matched.map(sigmaMatchOf);
      for (const rule of matched) {
        const compiled = originals.get(rule) ?? rule;
        if (correlations.reportsMatchesOf(compiled)) {
          const alert = sigmaAlert(rule, event);
          if (alert) alerts.push(alert);
        }
        for (const hit of correlations.observe(compiled, event, undefined, shaped.view)) {
          if (hit.reported) alerts.push(...correlationAlerts({ rule: hit.rule, events: hit.events as EdrEvent[] }));
        }
      }
    }
    return alerts;
  };
}
