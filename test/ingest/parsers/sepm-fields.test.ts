// The SEPM body's pieces on their own: labels (and their cache, which must not change an answer
// nor grow without bound) and the body's times.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelled } from '../../../src/ingest/parsers/sepm/fields.ts';
import { UNREADABLE } from '../../../src/ingest/parsers/sepm/layout.ts';
import { sepmTime } from '../../../src/ingest/parsers/sepm/values.ts';

describe('SEPM fields', () => {
  test('a label with its lower-cased key, the same on every call', () => {
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(labelled('Local Host IP: 192.0.2.10'), { label: 'Local Host IP', key: 'local host ip', value: ' 192.0.2.10' });
      assert.deepEqual(labelled('Remote Port 18878'), { label: 'Remote Port', key: 'remote port', value: '18878' });
      assert.equal(labelled('Outbound'), undefined);
      assert.equal(labelled('1st: no label'), undefined);
    }
  });

  test('past the cache bound, labels still read correctly (a sender writing endless new labels)', () => {
    for (let n = 0; n < 3000; n++) {
      assert.deepEqual(labelled(`Label ${n}X: v${n}`), { label: `Label ${n}X`, key: `label ${n}x`, value: ` v${n}` });
      assert.equal(labelled(`9 bad ${n}: v`), undefined);
    }
  });

  test('body times: read as UTC, impossible dates and hours refused', () => {
    assert.equal(sepmTime('2021-06-08 20:08:00'), '2021-06-08T20:08:00.000Z');
    assert.equal(sepmTime('2024-02-29 00:00:00'), '2024-02-29T00:00:00.000Z');
    assert.equal(sepmTime('2021-06-08 20:08:00'), '2021-06-08T20:08:00.000Z');
    for (const text of ['2023-02-29 00:00:00', '2021-02-30 12:00:00', '2021-06-08 24:00:00', '2021-06-08 20:60:00', '2021-06-08T20:08:00', '8 June 2021']) {
      assert.equal(sepmTime(text), UNREADABLE, text);
    }
  });
});
