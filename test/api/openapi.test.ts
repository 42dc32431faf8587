// GET /api/docs: the OpenAPI 3 document generated from the route schemas. Every route fastify has is
// in it with a summary, a tag, its security and a success answer; the answers the API gives conform
// to what the document says; and documenting routes changed nothing they answer: events keep every
// field the sender sent (unknown nested ones too), incidents every field they have.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { ATP_INCIDENT } from '../../src/api/schemas/index.ts';
import { bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

interface Operation { summary?: string; tags?: string[]; security?: unknown[]; responses: Record<string, unknown> }
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** Every "METHOD /path" fastify routes, read from its route tree; HEAD is fastify's own echo of GET. */
function fastifyRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[└├]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    prefixes[depth] = (depth === 0 ? '' : prefixes[depth - 1]) + match[2];
    prefixes.length = depth + 1;
    const path = prefixes[depth].replace(/^\/?/, '/').replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}');
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes.sort();
}

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)).sort();
}

/** JSON pointer escaping of one path segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

describe('GET /api/docs: the OpenAPI document', () => {
  let vigil: TestVigil;
  let doc: OpenApiDocument;
  let ajv: Ajv;
  const eventUuid = randomUUID();
  /** Fields no schema lists, nested, with the values JSON allows. */
  const unknownFields = { vendor_ext: { nested: { deep: [1, { x: 'y' }], empty: {}, nothing: null }, flag: true, ratio: 0.5 } };
  let incidentUuid: string;

  const postJson = async (url: string, payload: unknown) => {
    const response = await vigil.app.inject({ method: 'POST', url, headers: { ...bearer(vigil.tokens.admin), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    return { status: response.statusCode, body: response.json() };
  };

  /** Asserts that an answer is what the document says `METHOD path` answers with `status`. */
  function assertConforms(method: string, path: string, status: number, body: unknown) {
    const schemaRef = ['paths', path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema'].map(pointer).join('/');
    const validate = ajv.compile({ $ref: `openapi#/${schemaRef}` });
    assert.ok(validate(body), `${method} ${path} ${status} does not match the document: ${ajv.errorsText(validate.errors)}`);
  }

  before(async () => {
    vigil = await startTestVigil();
    const recent = new Date(Date.now() - 3600_000).toISOString();
    const ingested = await postEvents(vigil, { ...seedEvent(), event_uuid: eventUuid, device_time: recent, time: recent, log_time: recent, 'mitre.vendor_note': 'kept', ...unknownFields });
    assert.equal(ingested.status, 200);
    incidentUuid = ingested.body.incidents.created[0];
    const response = await getJson(vigil, '/api/docs');
    assert.equal(response.status, 200);
    doc = response.body;
    ajv = new Ajv({ strict: false, allErrors: true });
    ajvFormats.default(ajv); // a CommonJS module: its plugin is the `default` export
    ajv.addFormat('password', true);
    ajv.addSchema(doc, 'openapi');
  });
  after(() => vigil.destroy());

  test('needs a credential that may read: 401 without one, 403 for an ingest token', async () => {
    const anonymous = await vigil.app.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(Object.keys(anonymous.json()).sort(), ['error', 'message', 'status']);
    assert.equal((await getJson(vigil, '/api/docs', vigil.tokens.ingest)).status, 403);
  });

  test('is OpenAPI 3 with info, security schemes and every shared schema a $ref points to', () => {
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(doc.info.title, 'Vigil EDR API');
    assert.ok(doc.info.version);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'clientCredentials', 'session']);
    // A ref() to a schema missing from SHARED_SCHEMAS stays as it was written ("Name#").
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]);
    assert.ok(refs.length > 0);
    for (const target of new Set(refs)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(target)?.[1];
      assert.ok(name && doc.components.schemas[name], `$ref to ${target}: add the schema to SHARED_SCHEMAS`);
    }
  });

  test('has every route fastify has, and only those', () => {
    const routes = fastifyRoutes(vigil.app);
    assert.ok(routes.includes('POST /atpapi/v2/events') && routes.includes('GET /api/v1/incidents/{id}'), 'the route tree was read');
    assert.deepEqual(documentedRoutes(doc), routes);
  });

  test('documents every route: summary, tag, security, a success answer, and 401 wherever a credential is needed', () => {
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        const complete = operation.summary && operation.tags?.length === 1 && Array.isArray(operation.security)
          && statuses.some((status) => /^2\d\d$/.test(status))
          && (operation.security.length === 0 || statuses.includes('401'));
        if (!complete) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    assert.deepEqual(undocumented, [], 'give these routes a schema (see src/api/schemas/route.ts)');
  });

  test('an event comes back whole, unknown nested fields included, from every surface that reads events', async () => {
    const expectWhole = (event: Record<string, unknown> | undefined, where: string) => {
      assert.ok(event, `${where}: the event is missing`);
      assert.deepEqual(event.vendor_ext, unknownFields.vendor_ext, where);
      assert.equal((event.mitre as Record<string, unknown>).vendor_note, 'kept', where);
    };
    const find = (events: Record<string, unknown>[]) => events.find((event) => event.event_uuid === eventUuid);
    const stored = JSON.parse(JSON.stringify(await vigil.store.getEvent(eventUuid)));

    const one = await getJson(vigil, `/api/v1/events/${eventUuid}`);
    assert.deepEqual(one.body, stored, 'GET /api/v1/events/{uuid} answers the stored event as it is');
    expectWhole(one.body, 'GET /api/v1/events/{uuid}');
    assertConforms('GET', '/api/v1/events/{uuid}', 200, one.body);

    const list = await getJson(vigil, '/api/v1/events');
    expectWhole(find(list.body.result), 'GET /api/v1/events');
    assertConforms('GET', '/api/v1/events', 200, list.body);

    const display = await getJson(vigil, `/api/v1/events/${eventUuid}?view=display`);
    assert.deepEqual(display.body['vendor_ext.nested.deep'], [1, { x: 'y' }]);
    assertConforms('GET', '/api/v1/events/{uuid}', 200, display.body);

    const incidentEvents = await getJson(vigil, `/api/v1/incidents/${incidentUuid}/events`);
    expectWhole(find(incidentEvents.body.result), 'GET /api/v1/incidents/{id}/events');

    const detail = await getJson(vigil, `/api/v1/incidents/${incidentUuid}`);
    expectWhole(find(detail.body.events), 'GET /api/v1/incidents/{id}');

    for (const [url, index] of [['/atpapi/v2/events', 'epmp_events'], ['/atpapi/v2/incidentevents', 'epmp_incident']]) {
      const page = await postJson(url, { verb: 'query', query: `incident: ${incidentUuid}`, next: '' });
      assert.equal(page.status, 200);
      // The stored event whole, plus the EDR's header fields uuid and log_name it lacked.
      const headers = { uuid: stored.event_uuid, log_name: `${index}-${String(stored.device_time).slice(0, 10)}` };
      assert.deepEqual(find(page.body.result), { ...stored, ...headers }, `${url} answers the stored event as it is, with the EDR's headers`);
      assertConforms('POST', url, 200, page.body);
    }
  });

  test('incidents keep every field they have, natively and in the /atpapi shape', async () => {
    const stored = JSON.parse(JSON.stringify(await vigil.store.getIncident(incidentUuid)));
    assert.ok(stored.attack && stored.remote && stored.grouping_key, 'the incident has Vigil\'s additions to check');

    const list = await getJson(vigil, '/api/v1/incidents');
    assert.deepEqual(list.body.result[0], stored);
    assertConforms('GET', '/api/v1/incidents', 200, list.body);

    const detail = await getJson(vigil, `/api/v1/incidents/${incidentUuid}`);
    for (const [field, value] of Object.entries(stored)) assert.deepEqual(detail.body[field], value, `detail keeps ${field}`);
    assert.ok(detail.body.explanation && detail.body.endpoints.length === 1 && detail.body.events_total === 1);
    assertConforms('GET', '/api/v1/incidents/{id}', 200, detail.body);

    const atp = await postJson('/atpapi/v2/incidents', { verb: 'query', query: `uuid: ${incidentUuid}` });
    assert.deepEqual(Object.keys(atp.body.result[0]).sort(), [...ATP_INCIDENT.required].sort());
    for (const field of ATP_INCIDENT.required) assert.deepEqual(atp.body.result[0][field], stored[field], `/atpapi keeps ${field}`);
    assertConforms('POST', '/atpapi/v2/incidents', 200, atp.body);
  });

  test('errors and the other answers conform to the document', async () => {
    const missing = await getJson(vigil, '/api/v1/incidents/999999');
    assert.equal(missing.status, 404);
    assertConforms('GET', '/api/v1/incidents/{id}', 404, missing.body);
    const badEnvelope = await postJson('/atpapi/v2/events', { verb: 'where' });
    assertConforms('POST', '/atpapi/v2/events', 400, badEnvelope.body);
    for (const url of ['/api/v1/auth/session', '/api/v1/endpoints', `/api/v1/incidents/${incidentUuid}/comments`, '/api/v1/audit', '/api/v1/oauth-clients', '/atpapi/v2/appliances', '/healthz']) {
      const answer = await getJson(vigil, url, vigil.tokens.admin);
      assert.equal(answer.status, 200, url);
      assertConforms('GET', url.replace(incidentUuid, '{id}'), 200, answer.body);
    }
    // The logins and the ingest above are audited: the audit page has records to check.
    for (const url of ['/atpapi/v2/auditevents', '/atpapi/v2/systemactivities']) {
      const page = await postJson(url, { verb: 'query' });
      assertConforms('POST', url, 200, page.body);
    }
  });
});
