// Several batches written in one transaction (group commit). Each batch is correlated in turn
// against the incidents as the batches before it left them, exactly as if committed one by one;
// their changes are then merged into the single CommitBatch the store writes.
import type { Correlation } from '../incidents/index.ts';
import type { EdrEvent, Incident } from '../model/index.ts';
import type { CommitBatch } from '../store/index.ts';

/**
 * After a batch, what the next one sees as the open incidents of each key, as
 * Store.openIncidentsByKey would return them once the batch is committed.
 */
export function advanceOpenIncidents(open: Map<string, Incident[]>, correlation: Correlation): void {
  for (const incident of [...correlation.updatedIncidents, ...correlation.createdIncidents]) {
    const ofKey = open.get(incident.grouping_key);
    if (!ofKey) {
      open.set(incident.grouping_key, [incident]);
      continue;
    }
    const stored = ofKey.findIndex((candidate) => candidate.uuid === incident.uuid);
    if (stored < 0) ofKey.push(incident);
    else ofKey[stored] = incident;
  }
}

/**
 * One commit for the batches' events and correlations, in order. An incident changed by several
 * batches is written once, in its last state, and inserted if one of them created it.
 */
export function mergeCommits(events: EdrEvent[][], correlations: Correlation[]): CommitBatch {
  const latest = new Map<string, Incident>();
  const created = new Set<string>();
  for (const correlation of correlations) {
    for (const incident of correlation.createdIncidents) created.add(incident.uuid);
    for (const incident of [...correlation.createdIncidents, ...correlation.updatedIncidents]) latest.set(incident.uuid, incident);
  }
  const incidents = [...latest.values()];
  return {
    events: events.flat(),
    createdIncidents: incidents.filter((incident) => created.has(incident.uuid)),
    updatedIncidents: incidents.filter((incident) => !created.has(incident.uuid)),
    endpointHits: correlations.flatMap((correlation) => correlation.endpointHits),
  };
}
