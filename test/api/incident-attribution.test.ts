// An incident names the known software its detection points to, once an ATT&CK catalog is in use.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { parseStixBundle, useAttackCatalog } from '../../src/enrich/index.ts';
import { SMALL_BUNDLE } from '../enrich/stix-fixture.ts';
import { getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

describe('incident attribution', () => {
  let vigil: TestVigil;
  before(async () => {
    vigil = await startTestVigil();
    assert.equal((await postEvents(vigil, seedEvent())).status, 200);
  });
  after(async () => {
    useAttackCatalog(undefined);
    await vigil.destroy();
  });

  test('the Trickybot detection points to TrickBot (S0266) with a catalog; to nothing with the built-in table', async () => {
    assert.deepEqual((await getJson(vigil, '/api/v1/incidents/100000')).body.attribution, []);
    useAttackCatalog(parseStixBundle(SMALL_BUNDLE, 'small.json'));
    const { body } = await getJson(vigil, '/api/v1/incidents/100000');
    assert.deepEqual(body.attribution, [{ id: 'S0266', name: 'TrickBot', kind: 'malware', url: 'https://attack.mitre.org/x/S0266', technique: 'T1071' }]);
  });
});
