// The OpenAPI pieces routes use, and every shared schema the server registers.
import { APPLIANCE_LIST, ATP_AUDIT_EVENT, ATP_SYSTEM_ACTIVITY, AUDIT_EVENT } from './activity.ts';
import { LOGIN_ANSWER, NEW_OAUTH_CLIENT, OAUTH_CLIENT, OAUTH_TOKEN, PRINCIPAL, USER } from './accounts.ts';
import { ERROR } from './errors.ts';
import { ASSOCIATION, DOMAIN_INSTANCE, ENDPOINT_INSTANCE, FILE_ENTITY, FILE_INSTANCE } from './entities.ts';
import { ENDPOINT_PAGE, INCIDENT_BRIEF, REMOTE_PARTY_PAGE } from './entity-pages.ts';
import { ENDPOINT, EVENT, EVENT_DISPLAY, INCOMING_EVENT, INGEST_OUTCOME } from './events.ts';
import { ATP_INCIDENT, COMMENT, INCIDENT, INCIDENT_CHANGE, INCIDENT_DETAIL, INCIDENT_PATCH_OPS } from './incidents.ts';
import { ATP_POLICY, COMMAND, COMMAND_REQUEST, COMMAND_STATUS, COMMAND_SUBMISSION, NEW_POLICY, POLICY, POLICY_IDS } from './response.ts';
import type { SharedSchema } from './shared-schema.ts';
import { EVENT_HISTOGRAM, INCIDENT_TIMELINE, STATS_OVERVIEW } from './stats.ts';

export * from './activity.ts';
export * from './accounts.ts';
export * from './errors.ts';
export * from './entities.ts';
export * from './entity-pages.ts';
export * from './events.ts';
export * from './incidents.ts';
export * from './paging.ts';
export * from './query-envelope.ts';
export * from './response.ts';
export * from './route.ts';
export * from './shared-schema.ts';
export * from './stats.ts';

/** Every schema a route may `ref()`; test/api/openapi.test.ts finds a reference to one missing here. */
export const SHARED_SCHEMAS: readonly SharedSchema[] = [
  ERROR,
  EVENT, EVENT_DISPLAY, INCOMING_EVENT, ENDPOINT, INGEST_OUTCOME,
  INCIDENT, ATP_INCIDENT, INCIDENT_DETAIL, INCIDENT_CHANGE, COMMENT, INCIDENT_PATCH_OPS,
  AUDIT_EVENT, ATP_AUDIT_EVENT, ATP_SYSTEM_ACTIVITY, APPLIANCE_LIST,
  USER, PRINCIPAL, LOGIN_ANSWER, OAUTH_CLIENT, NEW_OAUTH_CLIENT, OAUTH_TOKEN,
  ENDPOINT_INSTANCE, DOMAIN_INSTANCE, FILE_INSTANCE, ASSOCIATION, FILE_ENTITY,
  ATP_POLICY, POLICY, NEW_POLICY, POLICY_IDS, COMMAND_REQUEST, COMMAND_SUBMISSION, COMMAND_STATUS, COMMAND,
  EVENT_HISTOGRAM, INCIDENT_TIMELINE, STATS_OVERVIEW, INCIDENT_BRIEF, ENDPOINT_PAGE, REMOTE_PARTY_PAGE,
];
