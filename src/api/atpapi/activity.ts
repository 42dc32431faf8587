// /atpapi/v2 auditevents and systemactivities: the query envelope over Vigil's audit log and system
// activity log, windowed on device_time, in the shapes of reference §5.4. The constant appliance
// fields (device_*, product_*, atp_node_role, log_name…) are added here, at the edge.
//
// The `query` is evaluated in memory over the records of the window (at most SCAN_LIMIT of them,
// newest first): these logs are small next to events. A SQL translation can replace this later.
import type { FastifyInstance } from 'fastify';
import { applianceIdentity, PRODUCT_NAME, VIGIL_VERSION, type ApplianceIdentity } from '../../appliance/index.ts';
import type { AuditEvent, SystemActivity } from '../../model/index.ts';
import { ACTIVITY_QUERY_SCHEMA } from '../../query/index.ts';
import type { Page, PageResult, TimeWindow } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import type { RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { APPLIANCE_LIST, ATP_AUDIT_EVENT, ATP_SYSTEM_ACTIVITY, ENVELOPE_ERRORS, pageOf, queryEnvelope, ref } from '../schemas/index.ts';
import { recordPage, SCAN_LIMIT } from './record-page.ts';
import { parseEnvelope, type LimitRule, type QueryEnvelope } from './envelope.ts';

const ACTIVITY_LIMIT: LimitRule = { fallback: 100, max: 1000 };
const QUERY_NOTE = `The query is evaluated over the newest ${SCAN_LIMIT.toLocaleString('en-US')} records of the window; a bare word searches message, feature_name and user_name.`;
/** Symantec EDR's node role of an all-in-one appliance. */
const ATP_NODE_ROLE = 5;

function applianceFields(appliance: ApplianceIdentity) {
  return { device_uid: appliance.id, device_name: appliance.name, device_ip: appliance.ip, atp_node_role: ATP_NODE_ROLE, timezone: 0, product_name: PRODUCT_NAME };
}

export function toAtpAuditEvent(event: AuditEvent, appliance: ApplianceIdentity) {
  return {
    ...event,
    ...applianceFields(appliance),
    category_id: 4,
    count: 1,
    severity_id: 1,
    device_cap: 'EDR',
    product_ver: VIGIL_VERSION,
    device_end_time: event.device_time,
    log_name: `atp_audit_log-${event.device_time.slice(0, 7)}`,
  };
}

export function toAtpSystemActivity(activity: SystemActivity, appliance: ApplianceIdentity) {
  return { ...activity, ...applianceFields(appliance), severity_id: 1, log_name: `atp_system_log-${activity.device_time.slice(0, 10)}` };
}

type Lister<T> = (page: Page, window: TimeWindow) => Promise<PageResult<T>>;

/** One page of the window's records in their API shape, filtered by the envelope's query if any. */
async function activityPage<T, R extends Record<string, unknown>>(list: Lister<T>, shape: (record: T) => R, envelope: QueryEnvelope): Promise<PageResult<R>> {
  const window = { from: envelope.from, to: envelope.to };
  const page = { offset: envelope.cursor.offset, limit: envelope.limit };
  if (!envelope.query) {
    const stored = await list(page, window);
    return { result: stored.result.map(shape), total: stored.total };
  }
  const records = (await list({ offset: 0, limit: SCAN_LIMIT }, window)).result.map(shape);
  return recordPage(records, envelope.query, ACTIVITY_QUERY_SCHEMA, page);
}

export function atpActivityRoutes(app: FastifyInstance, { store }: RouteContext): void {
  // The audit log says who did what: Symantec EDR shows it to administrators only, and so does Vigil.
  app.post('/atpapi/v2/auditevents', protectedRoute(store, 'admin', {
    tags: ['Symantec EDR API'],
    summary: 'Search the audit log',
    description: `Newest first, windowed on device_time. ${QUERY_NOTE}`,
    body: queryEnvelope(ACTIVITY_LIMIT),
    responses: { 200: { description: 'A page of audit events.', ...pageOf(ref(ATP_AUDIT_EVENT)) } },
    errors: ENVELOPE_ERRORS,
  }), async (request) => {
    const envelope = parseEnvelope(request.body, ACTIVITY_LIMIT);
    const appliance = await applianceIdentity(store);
    const page = await activityPage((p, w) => store.listAudit(p, w), (event) => toAtpAuditEvent(event, appliance), envelope);
    return pageEnvelope(page.result, page.total, envelope.cursor);
  });

  app.post('/atpapi/v2/systemactivities', protectedRoute(store, 'read', {
    tags: ['Symantec EDR API'],
    summary: 'Search the system activity log',
    description: `What the server itself did, newest first, windowed on device_time. ${QUERY_NOTE}`,
    body: queryEnvelope(ACTIVITY_LIMIT),
    responses: { 200: { description: 'A page of system activities.', ...pageOf(ref(ATP_SYSTEM_ACTIVITY)) } },
    errors: ENVELOPE_ERRORS,
  }), async (request) => {
    const envelope = parseEnvelope(request.body, ACTIVITY_LIMIT);
    const appliance = await applianceIdentity(store);
    const page = await activityPage((p, w) => store.listSystemActivities(p, w), (activity) => toAtpSystemActivity(activity, appliance), envelope);
    return pageEnvelope(page.result, page.total, envelope.cursor);
  });

  // The v1 appliance list (reference §2 row 22), which clients use as a connectivity test.
  app.get('/atpapi/v2/appliances', protectedRoute(store, 'read', {
    tags: ['Symantec EDR API'],
    summary: 'List the appliances (this server)',
    responses: { 200: { description: 'The appliance list.', ...ref(APPLIANCE_LIST) } },
  }), async () => {
    const appliance = await applianceIdentity(store);
    return {
      appliance_list: [{
        appliance_id: appliance.id,
        appliance_name: appliance.name,
        software_version: VIGIL_VERSION,
        appliance_time: new Date().toISOString(),
        role: 'endpoint, network scanner, management',
      }],
    };
  });
}
