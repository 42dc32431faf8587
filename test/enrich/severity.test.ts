import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enrichEvent, severityIdFromSep } from '../../src/enrich/index.ts';
import type { EdrEvent } from '../../src/model/index.ts';

function event(fields: Partial<EdrEvent>): EdrEvent {
  return { event_uuid: 'e', type_id: 4124, device_time: '2021-06-08T20:08:00.000Z', log_time: '2021-06-08T20:08:00.000Z', ...fields };
}

test('SEP severity bands map to severity_id, most serious first: 0–3 Critical, 4–7 Major, 8–11 Minor, 12–15 Info', () => {
  const expected = [5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 1, 1, 1, 1];
  assert.deepEqual(expected.map((_, severity) => severityIdFromSep(severity)), expected);
});

test('values outside the SEP scale derive nothing', () => {
  for (const severity of [-1, 16, 2.5, Number.NaN]) assert.equal(severityIdFromSep(severity), undefined, String(severity));
});

test('enrich derives severity_id from the seed\'s SEP severity 3 as Critical (5), not Minor (3)', () => {
  const enriched = enrichEvent(event({ severity: 3 }));
  assert.equal(enriched.severity_id, 5);
  assert.equal(enriched.severity, 3);
});

test('enrich never overwrites a severity_id the source sent', () => {
  const enriched = enrichEvent(event({ severity: 3, severity_id: 2 }));
  assert.equal(enriched.severity_id, 2);
});

test('enrich leaves severity_id absent when there is no usable SEP severity', () => {
  const withoutSeverity = enrichEvent(event({}));
  const outOfRange = enrichEvent(event({ severity: 99 }));
  assert.equal(withoutSeverity.severity_id, undefined);
  assert.equal(outOfRange.severity_id, undefined);
});
