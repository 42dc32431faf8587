// The server's canonical model (pure TypeScript, no I/O): catalogs, "code: label" rendering and
// types, shared so the console labels codes exactly as the server does.
export {
  INCIDENT_STATE, PRIORITY_LEVEL, RESOLUTION, TRAFFIC_DIRECTION, can, labelOf, renderConsoleTime,
  type AuditEvent, type Catalog, type Incident, type IncidentComment, type IncidentEndpointSummary, type Principal,
} from '../../src/model/index.ts';
