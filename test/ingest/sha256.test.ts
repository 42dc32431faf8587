import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/ingest/sha256.ts';

test('sha256Hex is the SHA-256 of the text as UTF-8, as createHash gives it (identities stay the same across Node versions)', () => {
  for (const text of ['', 'sepm\n<50>Jun  8 20:12:19 SEPM01 SymantecServer: SRV-WEB-01', 'Zürich ✓ 🛡', 'a lone surrogate \ud800 replaced']) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'), JSON.stringify(text));
  }
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
