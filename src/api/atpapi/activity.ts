// /atpapi/v2 auditevents and systemactivities: the query envelope over Vigil's audit log and system
// activity log, windowed on device_time, in the shapes of reference §5.4. The constant appliance
// fields (device_*, product_*, atp_node_role, log_name…) are added here, at the edge.
//
// The `query` is evaluated in memory over the records of the window (at most SCAN_LIMIT of them,
// newest first): these logs are small next to events. A SQL translation can replace this later.
import type { FastifyInstance } from 'fastify';
import { applianceIdentity, PRODUCT_NAME, VIGIL_VERSION, type ApplianceIdentity } from '../../appliance/index.ts';
import type { AuditEvent, SystemActivity } from '../../model/index.ts';
import { ACTIVITY_QUERY_SCHEMA, compileMatcher } from '../../query/index.ts';
import type { Page, PageResult, TimeWindow } from '../../store/index.ts';
import { requireAction } from '../authn.ts';
import { pageEnvelope } from '../cursor.ts';
import { asApiError } from '../params.ts';
import type { RouteContext } from '../routes/context.ts';
import { parseEnvelope, type LimitRule, type QueryEnvelope } from './envelope.ts';

const ACTIVITY_LIMIT: LimitRule = { fallback: 100, max: 1000 };
const SCAN_LIMIT = 100_000;
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
  let matcher;
  try {
    matcher = compileMatcher(envelope.query.ast, ACTIVITY_QUERY_SCHEMA, new Date(envelope.query.now));
  } catch (error) {
    throw asApiError(error);
  }
  const matching = (await list({ offset: 0, limit: SCAN_LIMIT }, window)).result.map(shape).filter((record) => matcher(record));
  return { result: matching.slice(page.offset, page.offset + page.limit), total: matching.length };
}

export function atpActivityRoutes(app: FastifyInstance, { store }: RouteContext): void {
  // The audit log says who did what: Symantec EDR shows it to administrators only, and so does Vigil.
  const admin = { onRequest: requireAction(store, 'admin') };
  const read = { onRequest: requireAction(store, 'read') };

  app.post('/atpapi/v2/auditevents', admin, async (request) => {
    const envelope = parseEnvelope(request.body, ACTIVITY_LIMIT);
    const appliance = await applianceIdentity(store);
    const page = await activityPage((p, w) => store.listAudit(p, w), (event) => toAtpAuditEvent(event, appliance), envelope);
    return pageEnvelope(page.result, page.total, envelope.cursor);
  });

  app.post('/atpapi/v2/systemactivities', read, async (request) => {
    const envelope = parseEnvelope(request.body, ACTIVITY_LIMIT);
    const appliance = await applianceIdentity(store);
    const page = await activityPage((p, w) => store.listSystemActivities(p, w), (activity) => toAtpSystemActivity(activity, appliance), envelope);
    return pageEnvelope(page.result, page.total, envelope.cursor);
  });

  // The v1 appliance list (reference §2 row 22), which clients use as a connectivity test.
  app.get('/atpapi/v2/appliances', read, async () => {
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
