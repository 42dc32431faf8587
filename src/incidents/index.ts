export { correlate, incidentReach, type CorrelateOptions, type Correlation } from './correlate.ts';
export { explainIncident } from './explain.ts';
export { incidentDetail, type IncidentDetail } from './detail.ts';
export { newIncidentUuid } from './uuid.ts';
export { IncidentFeed, type IncidentChange, type IncidentChangeKind, type IncidentListener } from './incident-feed.ts';
