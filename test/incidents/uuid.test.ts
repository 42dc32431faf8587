import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newIncidentUuid } from '../../src/incidents/index.ts';

test('incident uuids have the reference\'s version-1 layout with a 12-digit counter as the last group', () => {
  assert.match(newIncidentUuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-\d{12}$/);
});

test('the time groups encode the creation time as the reference\'s incident uuid does', () => {
  // The reference's incident 9d6f2100-7158-11ed-… was created at 2022-12-01T09:14:53.072Z.
  assert.ok(newIncidentUuid(Date.parse('2022-12-01T09:14:53.072Z')).startsWith('9d6f2100-7158-11ed-'));
});

test('uuids made in the same millisecond are unique', () => {
  const at = Date.now();
  const uuids = Array.from({ length: 1000 }, () => newIncidentUuid(at));
  assert.equal(new Set(uuids).size, uuids.length);
});
