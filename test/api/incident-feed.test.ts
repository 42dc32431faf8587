// Incident changes are announced once committed: created/updated by ingest, updated/closed by analysts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import type { IncidentChange } from '../../src/incidents/index.ts';
import { bearer, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

let vigil: TestVigil;
const heard: IncidentChange[] = [];
before(async () => {
  vigil = await startTestVigil();
  vigil.incidentFeed.subscribe((change) => heard.push(change));
  vigil.incidentFeed.subscribe(() => { throw new Error('a broken listener'); });
});
after(() => vigil.destroy());

test('ingest announces a new incident once, then updates; a throwing listener does not fail the ingest', async () => {
  const first = await postEvents(vigil, { ...seedEvent(), event_uuid: 'feed-1', device_uid: 'dev-1' });
  assert.equal(first.status, 200);
  const uuid = first.body.incidents.created[0] as string;
  assert.deepEqual(heard.map(({ kind, uuid }) => [kind, uuid]), [['created', uuid]]);
  await postEvents(vigil, { ...seedEvent(), event_uuid: 'feed-2', device_uid: 'dev-2' });
  assert.deepEqual(heard.map(({ kind }) => kind), ['created', 'updated']);
  assert.ok(heard.every((change) => !Number.isNaN(Date.parse(change.at))));
});

test('comments and state changes through the API are announced; closing says closed', async () => {
  heard.length = 0;
  const comment = await vigil.app.inject({ method: 'POST', url: '/api/v1/incidents/100000/comments', headers: bearer(vigil.tokens.analyst), payload: { comment: 'looking' } });
  assert.equal(comment.statusCode, 201);
  const close = await vigil.app.inject({ method: 'PATCH', url: '/api/v1/incidents/100000', headers: bearer(vigil.tokens.analyst), payload: { state: 4, resolution: 3 } });
  assert.equal(close.statusCode, 200);
  assert.deepEqual(heard.map(({ kind }) => kind), ['updated', 'closed']);
});
